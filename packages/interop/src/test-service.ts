import { Code, RpcError, type ServerCallContext } from "h2rpc";
import type { EchoStatus, StreamingOutputCallRequest } from "./gen/grpc/testing/messages.js";
import type { TestServiceServer } from "./gen/grpc/testing/test.h2rpc.js";
import { echoInitialKey, echoTrailingKey, sleepMicros, zeroPayload } from "./payload.js";

/** Copies the interop echo keys from request metadata to response headers and trailers. */
function echoMetadata(context: ServerCallContext): void {
  for (const value of context.metadata.getAll(echoInitialKey)) context.header.append(echoInitialKey, value);
  for (const value of context.metadata.getAll(echoTrailingKey)) context.trailer.append(echoTrailingKey, value);
}

/** Throws the status a request asked for, if any (`response_status` with a non-zero code). */
function failIfAsked(status: EchoStatus | undefined): void {
  if (status !== undefined && status.code !== 0) throw new RpcError(status.code as Code, status.message);
}

async function* respond(request: StreamingOutputCallRequest, context: ServerCallContext) {
  for (const parameters of request.responseParameters) {
    await sleepMicros(parameters.intervalUs, context.signal);
    if (context.signal.aborted) return;
    yield { payload: zeroPayload(parameters.size) };
  }
}

/** grpc.testing.TestService on h2rpc, with the behaviour gRPC's interop test descriptions ask of a server. */
export const testService: TestServiceServer = {
  emptyCall(_request, context) {
    echoMetadata(context);
    return {};
  },

  unaryCall(request, context) {
    echoMetadata(context);
    failIfAsked(request.responseStatus);
    return { payload: zeroPayload(request.responseSize) };
  },

  cacheableUnaryCall(request, context) {
    echoMetadata(context);
    failIfAsked(request.responseStatus);
    return { payload: zeroPayload(request.responseSize) };
  },

  async *streamingOutputCall(request, context) {
    echoMetadata(context);
    yield* respond(request, context);
    failIfAsked(request.responseStatus);
  },

  async streamingInputCall(requests, context) {
    echoMetadata(context);
    let aggregatedPayloadSize = 0;
    for await (const request of requests) aggregatedPayloadSize += request.payload?.body.length ?? 0;
    return { aggregatedPayloadSize };
  },

  async *fullDuplexCall(requests, context) {
    echoMetadata(context);
    for await (const request of requests) {
      failIfAsked(request.responseStatus);
      yield* respond(request, context);
    }
  },

  async *halfDuplexCall(requests, context) {
    echoMetadata(context);
    const all: StreamingOutputCallRequest[] = [];
    for await (const request of requests) all.push(request);
    for (const request of all) {
      failIfAsked(request.responseStatus);
      yield* respond(request, context);
    }
  },

  unimplementedCall() {
    throw new RpcError(Code.UNIMPLEMENTED, "UnimplementedCall is not implemented, on purpose");
  },
};
