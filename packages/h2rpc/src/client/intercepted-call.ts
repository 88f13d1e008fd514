import type { CallOptions } from "../core/call-options.js";
import { Code } from "../core/code.js";
import type { DeepPartial, MethodDefinition } from "../core/definitions.js";
import type { ClientCallRequest, ClientCallResponse, ClientInterceptor, ClientNext } from "../core/interceptors.js";
import { Metadata, toMetadata } from "../core/metadata.js";
import { RpcError } from "../core/rpc-error.js";
import type { CallInput } from "./client-call.js";
import { readOne } from "./unary-response.js";

/** Starts the network call for the end of an interceptor chain (a plain or a retrying call). */
export type CallMaker = (options: CallOptions, input: CallInput<unknown>) => AsyncIterableIterator<unknown>;

/**
 * Runs a call through `interceptors` (first listed outermost) down to a real {@link ClientCall},
 * and returns the outermost response. `input` is the user's request (one message, or a stream).
 */
export function startInterceptedCall(
  method: MethodDefinition<unknown, unknown>,
  options: CallOptions,
  interceptors: readonly ClientInterceptor[],
  input: unknown,
  makeCall: CallMaker,
): Promise<ClientCallResponse> {
  const { onHeader, onTrailer, interceptors: _own, metadata, ...rest } = options;
  let requestMetadata: Metadata;
  try {
    requestMetadata = new Metadata(toMetadata(metadata));
  } catch (e) {
    // as without interceptors: the call fails, nothing throws at the caller
    return Promise.reject(RpcError.from(e, Code.INVALID_ARGUMENT));
  }
  const request: ClientCallRequest = {
    method,
    metadata: requestMetadata,
    options: rest,
    requests: method.requestStream
      ? fullMessages(method, input as AsyncIterable<DeepPartial<unknown>> | Iterable<DeepPartial<unknown>>)
      : fullMessages(method, [input as DeepPartial<unknown>]),
  };
  const network: ClientNext = (req) => startNetworkCall(req, makeCall);
  const chain = interceptors.reduceRight<ClientNext>((next, interceptor) => (req) => interceptor(req, next), network);
  const response = Promise.resolve().then(() => chain(request));
  if (onHeader !== undefined || onTrailer !== undefined) {
    void response.then(
      (r) => {
        if (onHeader !== undefined) {
          void r.headers.then(
            (h) => {
              if (!noHeaders.has(h)) onHeader(h); // as without interceptors: not for a Trailers-Only response
            },
            () => {},
          );
        }
        if (onTrailer !== undefined) void r.trailers.then(onTrailer, () => {});
      },
      () => {},
    );
  }
  return response;
}

/** The empty header metadata interceptors see for a Trailers-Only response (no headers came). */
const noHeaders = new WeakSet<Metadata>();

function trailersOnlyHeaders(): Metadata {
  const empty = new Metadata();
  noHeaders.add(empty);
  return empty;
}

/** The end of the chain: a real call on the network, seen as headers, messages and trailers. */
function startNetworkCall(request: ClientCallRequest, makeCall: CallMaker): ClientCallResponse {
  let resolveHeaders!: (m: Metadata) => void;
  let resolveTrailers!: (m: Metadata) => void;
  const headers = new Promise<Metadata>((r) => {
    resolveHeaders = r;
  });
  const trailers = new Promise<Metadata>((r) => {
    resolveTrailers = r;
  });
  const call = makeCall(
    {
      ...request.options,
      metadata: request.metadata,
      onHeader: resolveHeaders,
      onTrailer: (t) => {
        resolveHeaders(trailersOnlyHeaders()); // no-op when headers already came
        resolveTrailers(t);
      },
    },
    { single: false, messages: request.requests as AsyncIterable<DeepPartial<unknown>> },
  );
  return { headers, messages: call, trailers };
}

async function* fullMessages(
  method: MethodDefinition<unknown, unknown>,
  messages: AsyncIterable<DeepPartial<unknown>> | Iterable<DeepPartial<unknown>>,
): AsyncGenerator<unknown> {
  for await (const m of messages) yield method.requestType.fromPartial(m as never);
}

/** The response stream of an intercepted call, for server-streaming and bidi methods. */
export async function* interceptedStream(response: Promise<ClientCallResponse>): AsyncGenerator<unknown> {
  yield* (await response).messages;
}

/** The single response of an intercepted unary or client-streaming call. */
export async function interceptedUnary(response: Promise<ClientCallResponse>): Promise<unknown> {
  return readOne((await response).messages[Symbol.asyncIterator]());
}
