import * as grpc from "@grpc/grpc-js";
import type {
  SimpleRequest,
  SimpleResponse,
  StreamingInputCallRequest,
  StreamingInputCallResponse,
  StreamingOutputCallRequest,
  StreamingOutputCallResponse,
} from "../gen/grpc/testing/messages.js";
import { echoInitialKey, echoTrailingKey, sleepMicros, zeroPayload } from "../payload.js";

type Status = { code: number; message: string } | undefined;

function echo(call: { metadata: grpc.Metadata; sendMetadata(m: grpc.Metadata): void }): grpc.Metadata {
  const initial = new grpc.Metadata();
  for (const v of call.metadata.get(echoInitialKey)) initial.add(echoInitialKey, v);
  call.sendMetadata(initial);
  const trailing = new grpc.Metadata();
  for (const v of call.metadata.get(echoTrailingKey)) trailing.add(echoTrailingKey, v);
  return trailing;
}

function statusError(status: Status, trailing: grpc.Metadata): grpc.ServiceError | undefined {
  if (status === undefined || status.code === 0) return undefined;
  return Object.assign(new Error(status.message), { code: status.code, details: status.message, metadata: trailing });
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

/** grpc.testing.TestService implemented on @grpc/grpc-js: the independent peer for interop tests. */
export const grpcJsTestService: grpc.UntypedServiceImplementation = {
  emptyCall(call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) {
    const trailing = echo(call);
    callback(null, {}, trailing);
  },

  unaryCall(call: grpc.ServerUnaryCall<SimpleRequest, SimpleResponse>, callback: grpc.sendUnaryData<SimpleResponse>) {
    const trailing = echo(call);
    const error = statusError(call.request.responseStatus, trailing);
    if (error) callback(error);
    else callback(null, { payload: zeroPayload(call.request.responseSize) } as SimpleResponse, trailing);
  },

  async streamingOutputCall(call: grpc.ServerWritableStream<StreamingOutputCallRequest, StreamingOutputCallResponse>) {
    const trailing = echo(call);
    await writeResponses(call, call.request);
    const error = statusError(call.request.responseStatus, trailing);
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
    const trailing = echo(call);
    let chain = Promise.resolve();
    let failed = false;
    call.on("data", (request: StreamingOutputCallRequest) => {
      chain = chain.then(async () => {
        if (failed) return;
        const error = statusError(request.responseStatus, trailing);
        if (error) {
          failed = true;
          call.emit("error", error);
          return;
        }
        await writeResponses(call, request);
      });
    });
    call.on("end", () => {
      void chain.then(() => {
        if (!failed) call.end(trailing);
      });
    });
  },
};
