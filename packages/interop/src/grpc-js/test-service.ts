import * as grpc from "@grpc/grpc-js";
import type { InteropCaseName } from "../cases.js";
import {
  PayloadType,
  type SimpleRequest,
  type SimpleResponse,
  type StreamingInputCallRequest,
  type StreamingInputCallResponse,
  type StreamingOutputCallRequest,
  type StreamingOutputCallResponse,
} from "../gen/grpc/testing/messages.js";
import { echoInitialKey, echoTrailingKey, sleepMicros, zeroPayload } from "../payload.js";

/**
 * The server features of gRPC's interop descriptions this grpc-js server cannot honour (grpc-js 1.14),
 * and the client cases that therefore cannot pass against it:
 * - CompressedResponse (`response_compressed`, `ResponseParameters.compressed`): a grpc-js server never
 *   compresses responses (its frames always carry flag 0; there is no server-side send compression),
 *   so these fields are ignored and every response goes uncompressed.
 * - CompressedRequest (`expect_compressed`): a grpc-js handler sees neither the per-message compressed
 *   flag (messages are decompressed below the handler) nor the request's `grpc-encoding` (removed from
 *   the metadata handlers get), so the field is ignored: the probe call that must fail INVALID_ARGUMENT succeeds.
 * Everything else is honoured: Echo Status, Echo Metadata, `interval_us`, `response_type`, every method.
 */
export const grpcJsServerCannotHonour: Readonly<Partial<Record<InteropCaseName, string>>> = {
  client_compressed_unary:
    "grpc-js server handlers cannot see whether a request was compressed (no per-message flag, grpc-encoding stripped), so expect_compressed is ignored and the probe does not fail",
  client_compressed_streaming:
    "grpc-js server handlers cannot see whether a request was compressed (no per-message flag, grpc-encoding stripped), so expect_compressed is ignored and the probe does not fail",
  server_compressed_unary: "grpc-js servers cannot compress responses: response_compressed=true cannot be honoured",
  server_compressed_streaming:
    "grpc-js servers cannot compress responses: ResponseParameters.compressed=true cannot be honoured",
};

type Status = { code: number; message: string } | undefined;

/** Sends the echoed initial metadata now and returns the trailing metadata to end the call with. */
function echo(call: { metadata: grpc.Metadata; sendMetadata(m: grpc.Metadata): void }): grpc.Metadata {
  const initial = new grpc.Metadata();
  for (const v of call.metadata.get(echoInitialKey)) initial.add(echoInitialKey, v);
  call.sendMetadata(initial);
  const trailing = new grpc.Metadata();
  for (const v of call.metadata.get(echoTrailingKey)) trailing.add(echoTrailingKey, v);
  return trailing;
}

function serviceError(code: number, message: string, trailing: grpc.Metadata): grpc.ServiceError {
  return Object.assign(new Error(message), { code, details: message, metadata: trailing });
}

/** INVALID_ARGUMENT for a `response_type` other than COMPRESSABLE (the only payload type served). */
function responseTypeError(type: PayloadType, trailing: grpc.Metadata): grpc.ServiceError | undefined {
  if (type === PayloadType.COMPRESSABLE) return undefined;
  return serviceError(
    grpc.status.INVALID_ARGUMENT,
    `Unsupported response_type ${type}: only COMPRESSABLE (0) is served`,
    trailing,
  );
}

/** The status a request's `response_status` asks for, if any (Echo Status). */
function echoStatusError(status: Status, trailing: grpc.Metadata): grpc.ServiceError | undefined {
  if (status === undefined || status.code === 0) return undefined;
  return serviceError(status.code, status.message, trailing);
}

/** The error a unary or bidi request asks for: a bad `response_type`, else its `response_status`. */
function requestError(
  request: { responseStatus?: Status; responseType: PayloadType },
  trailing: grpc.Metadata,
): grpc.ServiceError | undefined {
  return responseTypeError(request.responseType, trailing) ?? echoStatusError(request.responseStatus, trailing);
}

async function writeResponses(
  call:
    | grpc.ServerWritableStream<unknown, StreamingOutputCallResponse>
    | grpc.ServerDuplexStream<unknown, StreamingOutputCallResponse>,
  request: StreamingOutputCallRequest,
): Promise<void> {
  for (const p of request.responseParameters) {
    await sleepMicros(p.intervalUs);
    if (call.cancelled) return;
    if (!call.write({ payload: zeroPayload(p.size) })) await new Promise((r) => call.once("drain", r));
  }
}

function unaryCall(
  call: grpc.ServerUnaryCall<SimpleRequest, SimpleResponse>,
  callback: grpc.sendUnaryData<SimpleResponse>,
): void {
  const trailing = echo(call);
  const error = requestError(call.request, trailing);
  if (error) callback(error);
  else callback(null, { payload: zeroPayload(call.request.responseSize) } as SimpleResponse, trailing);
}

/** Answers each request of a bidi call in order; `whenAll` holds every answer until the client half-closes. */
function duplex(
  call: grpc.ServerDuplexStream<StreamingOutputCallRequest, StreamingOutputCallResponse>,
  whenAll: boolean,
): void {
  const trailing = echo(call);
  const pending: StreamingOutputCallRequest[] = [];
  let chain = Promise.resolve();
  let failed = false;
  const answer = (request: StreamingOutputCallRequest) => {
    chain = chain.then(async () => {
      if (failed) return;
      const error = requestError(request, trailing);
      if (error) {
        failed = true;
        call.emit("error", error);
        return;
      }
      await writeResponses(call, request);
    });
  };
  call.on("data", (request: StreamingOutputCallRequest) => {
    if (whenAll) pending.push(request);
    else answer(request);
  });
  call.on("end", () => {
    for (const request of pending) answer(request);
    void chain.then(() => {
      if (!failed) call.end(trailing);
    });
  });
}

/**
 * grpc.testing.TestService implemented on @grpc/grpc-js: the independent peer for interop tests.
 * It honours the interop server features except those listed in {@link grpcJsServerCannotHonour}.
 */
export const grpcJsTestService: grpc.UntypedServiceImplementation = {
  emptyCall(call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) {
    const trailing = echo(call);
    callback(null, {}, trailing);
  },

  unaryCall,
  cacheableUnaryCall: unaryCall,

  async streamingOutputCall(call: grpc.ServerWritableStream<StreamingOutputCallRequest, StreamingOutputCallResponse>) {
    const trailing = echo(call);
    const typeError = responseTypeError(call.request.responseType, trailing);
    if (typeError) {
      call.emit("error", typeError);
      return;
    }
    await writeResponses(call, call.request);
    const error = echoStatusError(call.request.responseStatus, trailing);
    if (error) call.emit("error", error);
    else call.end(trailing);
  },

  streamingInputCall(
    call: grpc.ServerReadableStream<StreamingInputCallRequest, StreamingInputCallResponse>,
    callback: grpc.sendUnaryData<StreamingInputCallResponse>,
  ) {
    const trailing = echo(call);
    let aggregatedPayloadSize = 0;
    call.on("data", (r: StreamingInputCallRequest) => {
      aggregatedPayloadSize += r.payload?.body.length ?? 0;
    });
    call.on("end", () => callback(null, { aggregatedPayloadSize }, trailing));
  },

  fullDuplexCall(call: grpc.ServerDuplexStream<StreamingOutputCallRequest, StreamingOutputCallResponse>) {
    duplex(call, false);
  },

  halfDuplexCall(call: grpc.ServerDuplexStream<StreamingOutputCallRequest, StreamingOutputCallResponse>) {
    duplex(call, true);
  },
};
