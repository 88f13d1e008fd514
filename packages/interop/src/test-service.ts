import { Code, RpcError, type ServerCallContext, sendUncompressed, wasCompressed } from "h2rpc";
import {
  type BoolValue,
  type EchoStatus,
  PayloadType,
  type StreamingOutputCallRequest,
  type StreamingOutputCallResponse,
} from "./gen/grpc/testing/messages.js";
import type { TestServiceServer } from "./gen/grpc/testing/test.h2rpc.js";
import { echoInitialKey, echoTrailingKey, sleepMicros, zeroPayload } from "./payload.js";

/** Copies the interop echo keys from request metadata to response headers and trailers (Echo Metadata). */
function echoMetadata(context: ServerCallContext): void {
  for (const value of context.metadata.getAll(echoInitialKey)) context.header.append(echoInitialKey, value);
  for (const value of context.metadata.getAll(echoTrailingKey)) context.trailer.append(echoTrailingKey, value);
}

/** Throws the status a request asked for, if any: `response_status` with a non-zero code (Echo Status). */
function failIfAsked(status: EchoStatus | undefined): void {
  if (status !== undefined && status.code !== 0) throw new RpcError(status.code as Code, status.message);
}

/** Only COMPRESSABLE payloads exist; anything else is INVALID_ARGUMENT, as the UnaryCall feature says. */
function checkResponseType(type: PayloadType): void {
  if (type !== PayloadType.COMPRESSABLE) {
    throw new RpcError(Code.INVALID_ARGUMENT, `Unsupported response_type ${type}: only COMPRESSABLE (0) is served`);
  }
}

/**
 * CompressedRequest: when a request carries `expect_compressed`, it must have arrived with the
 * compressed flag exactly when the value says so; otherwise INVALID_ARGUMENT.
 */
function checkExpectCompressed(request: { expectCompressed?: BoolValue | undefined }): void {
  const expected = request.expectCompressed?.value;
  if (expected === undefined) return;
  const actual = wasCompressed(request);
  if (actual !== expected) {
    throw new RpcError(
      Code.INVALID_ARGUMENT,
      expected
        ? "Expected a compressed request message (expect_compressed=true) but it arrived uncompressed"
        : "Expected an uncompressed request message (expect_compressed=false) but it arrived compressed",
    );
  }
}

/** A response going out compressed when `compressed` (the call compresses), else marked uncompressed. */
function asAsked<T extends object>(message: T, compressed: boolean): T {
  return compressed ? message : sendUncompressed(message);
}

/** The responses `request.response_parameters` asks for, each after its `interval_us` and compressed as asked. */
async function* respond(
  request: StreamingOutputCallRequest,
  context: ServerCallContext,
): AsyncGenerator<StreamingOutputCallResponse> {
  for (const parameters of request.responseParameters) {
    await sleepMicros(parameters.intervalUs, context.signal);
    if (context.signal.aborted) return;
    yield asAsked({ payload: zeroPayload(parameters.size) }, parameters.compressed?.value === true);
  }
}

/**
 * grpc.testing.TestService on h2rpc, with every server feature of gRPC's interop test descriptions:
 * EmptyCall, UnaryCall, StreamingInputCall, StreamingOutputCall, FullDuplexCall (and HalfDuplexCall),
 * CompressedRequest (`expect_compressed`, checked with the per-message flag), CompressedResponse
 * (`response_compressed`, `ResponseParameters.compressed`: gzip when the client accepts it, the other
 * messages flagged uncompressed), Echo Status, Echo Metadata and `interval_us`.
 * Serve it with `createInteropServer` (server.ts), which sets `compressMinBytes: 0` so that even a small
 * response asked to be compressed is.
 */
export const testService: TestServiceServer = {
  emptyCall(_request, context) {
    echoMetadata(context);
    return {};
  },

  unaryCall(request, context) {
    echoMetadata(context);
    checkResponseType(request.responseType);
    checkExpectCompressed(request);
    failIfAsked(request.responseStatus);
    const compressed = request.responseCompressed?.value === true;
    if (compressed) context.setResponseCompression("gzip");
    return asAsked({ payload: zeroPayload(request.responseSize) }, compressed);
  },

  cacheableUnaryCall(request, context) {
    return testService.unaryCall(request, context);
  },

  async *streamingOutputCall(request, context) {
    echoMetadata(context);
    checkResponseType(request.responseType);
    if (request.responseParameters.some((p) => p.compressed?.value === true)) context.setResponseCompression("gzip");
    yield* respond(request, context);
    failIfAsked(request.responseStatus);
  },

  async streamingInputCall(requests, context) {
    echoMetadata(context);
    let aggregatedPayloadSize = 0;
    for await (const request of requests) {
      checkExpectCompressed(request);
      aggregatedPayloadSize += request.payload?.body.length ?? 0;
    }
    return { aggregatedPayloadSize };
  },

  async *fullDuplexCall(requests, context) {
    echoMetadata(context);
    // Any later request may ask for a compressed response, and the encoding is fixed with the response
    // headers: offer gzip up front; responses not asked to be compressed go flagged uncompressed.
    context.setResponseCompression("gzip");
    for await (const request of requests) {
      checkResponseType(request.responseType);
      failIfAsked(request.responseStatus);
      yield* respond(request, context);
    }
  },

  async *halfDuplexCall(requests, context) {
    echoMetadata(context);
    context.setResponseCompression("gzip");
    const all: StreamingOutputCallRequest[] = [];
    for await (const request of requests) all.push(request);
    for (const request of all) {
      checkResponseType(request.responseType);
      failIfAsked(request.responseStatus);
      yield* respond(request, context);
    }
  },

  unimplementedCall() {
    throw new RpcError(Code.UNIMPLEMENTED, "UnimplementedCall is not implemented, on purpose");
  },
};
