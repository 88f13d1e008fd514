import * as grpc from "@grpc/grpc-js";
import type { DeepPartial } from "h2rpc";
import {
  clientStreamingAggregate,
  clientStreamingSizes,
  compressedStreamingSizes,
  echoInitialValue,
  echoStatus,
  echoTrailingValue,
  type InteropCaseName,
  type InteropCases,
  largeRequestSize,
  largeResponseSize,
  pingPongSizes,
  serverCompressedStreaming,
  serverStreamingSizes,
  specialStatusMessage,
} from "../cases.js";
import { CaseFailure, check, checkZeroPayload, hex, sameBytes } from "../check.js";
import type { Empty } from "../gen/grpc/testing/empty.js";
import type {
  SimpleRequest,
  SimpleResponse,
  StreamingInputCallRequest,
  StreamingInputCallResponse,
  StreamingOutputCallRequest,
  StreamingOutputCallResponse,
} from "../gen/grpc/testing/messages.js";
import { TestService, UnimplementedService } from "../gen/grpc/testing/test.h2rpc.js";
import { echoInitialKey, echoTrailingKey, zeroPayload } from "../payload.js";
import { grpcJsDefinition } from "./definition.js";
import { grpcJsLargeMessageOptions } from "./peer.js";

/**
 * What the grpc-js client cannot check, per case: grpc-js decompresses received messages below the
 * application and exposes no per-message compressed flag (1.14), so the server_compressed_* cases
 * run every assertion except the flag ones: the calls succeed, the (possibly gzip) responses decode
 * to the right sizes and zero bytes, in order.
 *
 * Sending side, grpc-js can do what the client_compressed_* cases ask: a channel compresses with
 * `grpc.default_compression_algorithm` (the compressed requests), a channel without it sends
 * uncompressed (the probes), and `write(message, WriteFlags.NoCompress)` turns compression off for one
 * message of a compressing stream (the per-message case).
 */
export const grpcJsClientCannotCheck: Readonly<Partial<Record<InteropCaseName, string>>> = {
  server_compressed_unary:
    "grpc-js clients expose no per-message compressed flag: the flag assertions are not made (sizes and decoding are)",
  server_compressed_streaming:
    "grpc-js clients expose no per-message compressed flag: the flag assertions are not made (sizes and decoding are)",
};

/** grpc-js `WriteFlags.NoCompress` (a const enum in its typings): send this one message uncompressed. */
const writeFlagNoCompress = 2;

type Callback<T> = grpc.requestCallback<T>;
type Options = grpc.CallOptions;

/** The TestService methods on a grpc-js generic client, typed. */
interface GrpcJsTestStub {
  emptyCall(request: Empty, metadata: grpc.Metadata, options: Options, callback: Callback<Empty>): grpc.ClientUnaryCall;
  unaryCall(
    request: DeepPartial<SimpleRequest>,
    metadata: grpc.Metadata,
    options: Options,
    callback: Callback<SimpleResponse>,
  ): grpc.ClientUnaryCall;
  streamingOutputCall(
    request: DeepPartial<StreamingOutputCallRequest>,
    metadata: grpc.Metadata,
    options: Options,
  ): grpc.ClientReadableStream<StreamingOutputCallResponse>;
  streamingInputCall(
    metadata: grpc.Metadata,
    options: Options,
    callback: Callback<StreamingInputCallResponse>,
  ): grpc.ClientWritableStream<DeepPartial<StreamingInputCallRequest>>;
  fullDuplexCall(
    metadata: grpc.Metadata,
    options: Options,
  ): grpc.ClientDuplexStream<DeepPartial<StreamingOutputCallRequest>, StreamingOutputCallResponse>;
  unimplementedCall(
    request: Empty,
    metadata: grpc.Metadata,
    options: Options,
    callback: Callback<Empty>,
  ): grpc.ClientUnaryCall;
}

/** The grpc-js clients the cases use, all plaintext to one target. */
export interface GrpcJsInteropClients {
  /** TestService, sending uncompressed. */
  readonly test: GrpcJsTestStub;
  /** TestService on a channel compressing every request message with gzip. */
  readonly gzip: GrpcJsTestStub;
  /** UnimplementedService/UnimplementedCall. */
  readonly unimplemented: Pick<GrpcJsTestStub, "unimplementedCall">;
  close(): void;
}

/** Connects the grpc-js interop clients to `target` (`host:port`). */
export function connectGrpcJsInteropClients(target: string): GrpcJsInteropClients {
  const TestCtor = grpc.makeGenericClientConstructor(grpcJsDefinition(TestService), "TestService");
  const OtherCtor = grpc.makeGenericClientConstructor(grpcJsDefinition(UnimplementedService), "UnimplementedService");
  const insecure = grpc.credentials.createInsecure();
  const test = new TestCtor(target, insecure, grpcJsLargeMessageOptions);
  const gzip = new TestCtor(target, insecure, {
    ...grpcJsLargeMessageOptions,
    "grpc.default_compression_algorithm": grpc.compressionAlgorithms.gzip,
  });
  const unimplemented = new OtherCtor(target, insecure);
  return {
    test: test as unknown as GrpcJsTestStub,
    gzip: gzip as unknown as GrpcJsTestStub,
    unimplemented: unimplemented as unknown as GrpcJsTestStub,
    close() {
      test.close();
      gzip.close();
      unimplemented.close();
    },
  };
}

type AnyCall =
  | grpc.ClientUnaryCall
  | grpc.ClientReadableStream<unknown>
  | grpc.ClientWritableStream<unknown>
  | grpc.ClientDuplexStream<unknown, unknown>;

/** Watches a call: its initial metadata, its final status; cancels it when `signal` aborts. */
function observe(
  call: AnyCall,
  signal: AbortSignal,
): { readonly status: Promise<grpc.StatusObject>; initial(): grpc.Metadata | undefined } {
  let initial: grpc.Metadata | undefined;
  call.on("metadata", (m: grpc.Metadata) => {
    initial = m;
  });
  const onAbort = () => call.cancel();
  signal.addEventListener("abort", onAbort, { once: true });
  const status = new Promise<grpc.StatusObject>((resolve) =>
    call.on("status", (s: grpc.StatusObject) => {
      signal.removeEventListener("abort", onAbort);
      resolve(s);
    }),
  );
  return { status, initial: () => initial };
}

/** The outcome of a call with one response: the response (when OK), the status, the initial metadata. */
interface Outcome<Res> {
  readonly response: Res | undefined;
  readonly status: grpc.StatusObject;
  readonly initial: grpc.Metadata | undefined;
}

/** Runs a call with one response (unary or client streaming) to its final status. */
async function single<Res, C extends grpc.ClientUnaryCall | grpc.ClientWritableStream<never>>(
  signal: AbortSignal,
  start: (callback: Callback<Res>) => C,
  feed?: (call: C) => void,
): Promise<Outcome<Res>> {
  let response: Res | undefined;
  const call = start((_error, value) => {
    response = value;
  });
  const watched = observe(call, signal);
  feed?.(call);
  const status = await watched.status;
  return { response, status, initial: watched.initial() };
}

/** Reads a response stream to its end; a failed call is returned in `status`, not thrown. */
async function readAll<T>(
  call: grpc.ClientReadableStream<T> | grpc.ClientDuplexStream<never, T>,
  signal: AbortSignal,
  feed?: () => void,
): Promise<{ responses: T[]; status: grpc.StatusObject; initial: grpc.Metadata | undefined }> {
  const watched = observe(call, signal);
  const responses: T[] = [];
  feed?.();
  try {
    for await (const response of call) responses.push(response as T);
  } catch {
    // the status says why
  }
  return { responses, status: await watched.status, initial: watched.initial() };
}

function codeName(code: number): string {
  return grpc.status[code] ?? String(code);
}

/** Fails unless the call ended OK. */
function checkOk(status: grpc.StatusObject, what: string): void {
  check(status.code === grpc.status.OK, `${what}: status ${codeName(status.code)} (${JSON.stringify(status.details)})`);
}

/** Fails unless the call ended with `code`. */
function checkCode(status: grpc.StatusObject, code: grpc.status, what: string): void {
  check(
    status.code === code,
    `${what}: status ${codeName(status.code)} (${JSON.stringify(status.details)}), expected ${codeName(code)}`,
  );
}

/** Fails unless the call ended with exactly `expected`'s code and message. */
function checkStatus(status: grpc.StatusObject, expected: { code: number; message: string }, what: string): void {
  check(status.code === expected.code, `${what}: status code ${status.code}, expected ${expected.code}`);
  check(
    status.details === expected.message,
    `${what}: status message ${JSON.stringify(status.details)}, expected ${JSON.stringify(expected.message)}`,
  );
}

/** The value of `response` once `outcome` is known OK. */
function okResponse<Res>(outcome: Outcome<Res>, what: string): Res {
  checkOk(outcome.status, what);
  check(outcome.response !== undefined, `${what}: no response`);
  return outcome.response;
}

function echoMetadata(): grpc.Metadata {
  const metadata = new grpc.Metadata();
  metadata.set(echoInitialKey, echoInitialValue);
  metadata.set(echoTrailingKey, Buffer.from(echoTrailingValue));
  return metadata;
}

function checkEchoedMetadata(initial: grpc.Metadata | undefined, trailing: grpc.Metadata, what: string): void {
  check(initial !== undefined, `${what}: no initial metadata received`);
  const initialValues = initial.get(echoInitialKey);
  check(
    initialValues.length === 1 && initialValues[0] === echoInitialValue,
    `${what}: initial metadata ${echoInitialKey} is ${JSON.stringify(initialValues.map(String))}, expected ${JSON.stringify(echoInitialValue)}`,
  );
  const trailingValues = trailing.get(echoTrailingKey);
  const value = trailingValues[0];
  check(
    trailingValues.length === 1 && value instanceof Uint8Array && sameBytes(value, echoTrailingValue),
    `${what}: trailing metadata ${echoTrailingKey} is ${value instanceof Uint8Array ? hex(value) : JSON.stringify(value)}, expected ${hex(echoTrailingValue)}`,
  );
}

const md = () => new grpc.Metadata();

/** Every interop case, run by grpc-js clients (see {@link grpcJsClientCannotCheck} for what they cannot check). */
export function grpcJsInteropCases(clients: GrpcJsInteropClients): InteropCases {
  const { test, gzip, unimplemented } = clients;

  const largeRequest = (extra: DeepPartial<SimpleRequest> = {}): DeepPartial<SimpleRequest> => ({
    responseSize: largeResponseSize,
    payload: zeroPayload(largeRequestSize),
    ...extra,
  });

  return {
    async empty_unary(signal) {
      const outcome = await single<Empty, grpc.ClientUnaryCall>(signal, (cb) => test.emptyCall({}, md(), {}, cb));
      const response = okResponse(outcome, "EmptyCall");
      check(typeof response === "object" && response !== null, "EmptyCall returned no response");
    },

    async large_unary(signal) {
      const outcome = await single<SimpleResponse, grpc.ClientUnaryCall>(signal, (cb) =>
        test.unaryCall(largeRequest(), md(), {}, cb),
      );
      checkZeroPayload(okResponse(outcome, "UnaryCall").payload, largeResponseSize, "UnaryCall response");
    },

    async client_streaming(signal) {
      const outcome = await single<StreamingInputCallResponse, grpc.ClientWritableStream<never>>(
        signal,
        (cb) => test.streamingInputCall(md(), {}, cb) as unknown as grpc.ClientWritableStream<never>,
        (call) => {
          for (const size of clientStreamingSizes) call.write({ payload: zeroPayload(size) } as never);
          call.end();
        },
      );
      const response = okResponse(outcome, "StreamingInputCall");
      check(
        response.aggregatedPayloadSize === clientStreamingAggregate,
        `aggregated_payload_size is ${response.aggregatedPayloadSize}, expected ${clientStreamingAggregate}`,
      );
    },

    async server_streaming(signal) {
      const call = test.streamingOutputCall(
        { responseParameters: serverStreamingSizes.map((size) => ({ size })) },
        md(),
        {},
      );
      const { responses, status } = await readAll(call, signal);
      checkOk(status, "StreamingOutputCall");
      check(responses.length === serverStreamingSizes.length, `got ${responses.length} responses, expected 4`);
      responses.forEach((r, i) => {
        checkZeroPayload(r.payload, serverStreamingSizes[i]!, `response ${i + 1}`);
      });
    },

    async ping_pong(signal) {
      const call = test.fullDuplexCall(md(), {});
      const watched = observe(call, signal);
      const responses = call[Symbol.asyncIterator]();
      try {
        for (const [i, sizes] of pingPongSizes.entries()) {
          call.write({ responseParameters: [{ size: sizes.response }], payload: zeroPayload(sizes.request) });
          const next = await responses.next();
          check(!next.done, `the call ended after ${i} responses, expected ${pingPongSizes.length}`);
          checkZeroPayload((next.value as StreamingOutputCallResponse).payload, sizes.response, `response ${i + 1}`);
        }
        call.end();
        check((await responses.next()).done === true, `got more than ${pingPongSizes.length} responses`);
      } catch (error) {
        if (error instanceof CaseFailure) throw error;
      } finally {
        call.end();
      }
      checkOk(await watched.status, "FullDuplexCall");
    },

    async empty_stream(signal) {
      const call = test.fullDuplexCall(md(), {});
      const { responses, status } = await readAll(call, signal, () => call.end());
      checkOk(status, "FullDuplexCall");
      check(responses.length === 0, `got ${responses.length} responses, expected none`);
    },

    async timeout_on_sleeping_server(signal) {
      const call = test.fullDuplexCall(md(), { deadline: Date.now() + 1 });
      const { status } = await readAll(call, signal, () => call.write({ payload: zeroPayload(27_182) }));
      call.end();
      checkCode(status, grpc.status.DEADLINE_EXCEEDED, "FullDuplexCall with a 1 ms deadline");
    },

    async cancel_after_begin(signal) {
      const outcome = await single<StreamingInputCallResponse, grpc.ClientWritableStream<never>>(
        signal,
        (cb) => test.streamingInputCall(md(), {}, cb) as unknown as grpc.ClientWritableStream<never>,
        (call) => call.cancel(),
      );
      checkCode(outcome.status, grpc.status.CANCELLED, "StreamingInputCall cancelled after begin");
    },

    async cancel_after_first_response(signal) {
      const call = test.fullDuplexCall(md(), {});
      const watched = observe(call, signal);
      const responses = call[Symbol.asyncIterator]();
      call.write({
        responseParameters: [{ size: pingPongSizes[0].response }],
        payload: zeroPayload(pingPongSizes[0].request),
      });
      let received = 0;
      try {
        const first = await responses.next();
        check(!first.done, "the call ended before its first response");
        received++;
        checkZeroPayload(
          (first.value as StreamingOutputCallResponse).payload,
          pingPongSizes[0].response,
          "first response",
        );
        call.cancel();
        while (!(await responses.next()).done) received++;
      } catch (error) {
        if (error instanceof CaseFailure) throw error;
      }
      check(received === 1, `got ${received} responses, expected exactly 1 before the cancellation`);
      checkCode(await watched.status, grpc.status.CANCELLED, "FullDuplexCall cancelled after the first response");
    },

    async custom_metadata(signal) {
      const unary = await single<SimpleResponse, grpc.ClientUnaryCall>(signal, (cb) =>
        test.unaryCall(largeRequest(), echoMetadata(), {}, cb),
      );
      checkZeroPayload(okResponse(unary, "UnaryCall").payload, largeResponseSize, "UnaryCall response");
      checkEchoedMetadata(unary.initial, unary.status.metadata, "UnaryCall");

      const call = test.fullDuplexCall(echoMetadata(), {});
      const duplex = await readAll(call, signal, () => {
        call.write({ responseParameters: [{ size: largeResponseSize }], payload: zeroPayload(largeRequestSize) });
        call.end();
      });
      checkOk(duplex.status, "FullDuplexCall");
      check(duplex.responses.length === 1, `FullDuplexCall: got ${duplex.responses.length} responses, expected 1`);
      checkZeroPayload(duplex.responses[0]!.payload, largeResponseSize, "FullDuplexCall response");
      checkEchoedMetadata(duplex.initial, duplex.status.metadata, "FullDuplexCall");
    },

    async status_code_and_message(signal) {
      const unary = await single<SimpleResponse, grpc.ClientUnaryCall>(signal, (cb) =>
        test.unaryCall({ responseStatus: echoStatus }, md(), {}, cb),
      );
      checkStatus(unary.status, echoStatus, "UnaryCall");
      const call = test.fullDuplexCall(md(), {});
      const duplex = await readAll(call, signal, () => {
        call.write({ responseStatus: echoStatus });
        call.end();
      });
      checkStatus(duplex.status, echoStatus, "FullDuplexCall");
    },

    async special_status_message(signal) {
      const expected = { code: grpc.status.UNKNOWN, message: specialStatusMessage };
      const unary = await single<SimpleResponse, grpc.ClientUnaryCall>(signal, (cb) =>
        test.unaryCall({ responseStatus: expected }, md(), {}, cb),
      );
      checkStatus(unary.status, expected, "UnaryCall");
    },

    async unimplemented_method(signal) {
      const outcome = await single<Empty, grpc.ClientUnaryCall>(signal, (cb) =>
        test.unimplementedCall({}, md(), {}, cb),
      );
      checkCode(outcome.status, grpc.status.UNIMPLEMENTED, "TestService/UnimplementedCall");
    },

    async unimplemented_service(signal) {
      const outcome = await single<Empty, grpc.ClientUnaryCall>(signal, (cb) =>
        unimplemented.unimplementedCall({}, md(), {}, cb),
      );
      checkCode(outcome.status, grpc.status.UNIMPLEMENTED, "UnimplementedService/UnimplementedCall");
    },

    async client_compressed_unary(signal) {
      const what = "probe (uncompressed request, expect_compressed=true)";
      const probe = await single<SimpleResponse, grpc.ClientUnaryCall>(signal, (cb) =>
        test.unaryCall(largeRequest({ expectCompressed: { value: true } }), md(), {}, cb),
      );
      checkCode(probe.status, grpc.status.INVALID_ARGUMENT, what);
      const compressed = await single<SimpleResponse, grpc.ClientUnaryCall>(signal, (cb) =>
        gzip.unaryCall(largeRequest({ expectCompressed: { value: true } }), md(), {}, cb),
      );
      checkZeroPayload(
        okResponse(compressed, "compressed request").payload,
        largeResponseSize,
        "response to the compressed request",
      );
      const uncompressed = await single<SimpleResponse, grpc.ClientUnaryCall>(signal, (cb) =>
        test.unaryCall(largeRequest({ expectCompressed: { value: false } }), md(), {}, cb),
      );
      checkZeroPayload(
        okResponse(uncompressed, "uncompressed request").payload,
        largeResponseSize,
        "response to the uncompressed request",
      );
    },

    async server_compressed_unary(signal) {
      for (const responseCompressed of [true, false]) {
        const what = `response_compressed=${responseCompressed}`;
        const outcome = await single<SimpleResponse, grpc.ClientUnaryCall>(signal, (cb) =>
          test.unaryCall(largeRequest({ responseCompressed: { value: responseCompressed } }), md(), {}, cb),
        );
        // grpcJsClientCannotCheck: the compressed flag of the response is not visible here.
        checkZeroPayload(okResponse(outcome, what).payload, largeResponseSize, `${what}: response`);
      }
    },

    async client_compressed_streaming(signal) {
      const what = "probe (uncompressed message, expect_compressed=true)";
      const probe = await single<StreamingInputCallResponse, grpc.ClientWritableStream<never>>(
        signal,
        (cb) => test.streamingInputCall(md(), {}, cb) as unknown as grpc.ClientWritableStream<never>,
        (call) => {
          call.write({
            expectCompressed: { value: true },
            payload: zeroPayload(compressedStreamingSizes.compressed),
          } as never);
          call.end();
        },
      );
      checkCode(probe.status, grpc.status.INVALID_ARGUMENT, what);
      const outcome = await single<StreamingInputCallResponse, grpc.ClientWritableStream<never>>(
        signal,
        (cb) => gzip.streamingInputCall(md(), {}, cb) as unknown as grpc.ClientWritableStream<never>,
        (call) => {
          call.write({
            expectCompressed: { value: true },
            payload: zeroPayload(compressedStreamingSizes.compressed),
          } as never);
          call.write(
            {
              expectCompressed: { value: false },
              payload: zeroPayload(compressedStreamingSizes.uncompressed),
            } as never,
            writeFlagNoCompress as unknown as BufferEncoding,
          );
          call.end();
        },
      );
      const response = okResponse(outcome, "StreamingInputCall");
      check(
        response.aggregatedPayloadSize === compressedStreamingSizes.aggregate,
        `aggregated_payload_size is ${response.aggregatedPayloadSize}, expected ${compressedStreamingSizes.aggregate}`,
      );
    },

    async server_compressed_streaming(signal) {
      const call = test.streamingOutputCall(
        {
          responseParameters: serverCompressedStreaming.map(({ compressed, size }) => ({
            compressed: { value: compressed },
            size,
          })),
        },
        md(),
        {},
      );
      const { responses, status } = await readAll(call, signal);
      checkOk(status, "StreamingOutputCall");
      check(responses.length === serverCompressedStreaming.length, `got ${responses.length} responses, expected 2`);
      // grpcJsClientCannotCheck: the compressed flags of the responses are not visible here.
      serverCompressedStreaming.forEach(({ size }, i) => {
        checkZeroPayload(responses[i]!.payload, size, `response ${i + 1}`);
      });
    },
  };
}
