import type { CallOptions } from "./call-options.js";
import type { MethodDefinition } from "./definitions.js";
import type { Metadata } from "./metadata.js";
import type { ServerCallContext } from "./server-context.js";

/**
 * One client call as interceptors see it, for every call kind: a unary call has a one-message
 * request stream and a one-message response stream.
 */
export interface ClientCallRequest<Req = unknown> {
  /** The method called. */
  readonly method: MethodDefinition<Req, unknown>;
  /** Request metadata; interceptors may change it before calling `next`. */
  readonly metadata: Metadata;
  /** The call's options (deadline, signal, compression, ...); pass changed options to `next` in a new request. */
  readonly options: CallOptions;
  /** The request messages (full messages: defaults filled in). Wrap it to observe or transform them. */
  readonly requests: AsyncIterable<Req>;
}

/** What a client call returns to interceptors. */
export interface ClientCallResponse<Res = unknown> {
  /** Response headers; resolves with empty metadata for a Trailers-Only response or a call that failed first. */
  readonly headers: Promise<Metadata>;
  /** The response messages; iteration throws the call's RpcError. Wrap it to observe or transform them. */
  readonly messages: AsyncIterable<Res>;
  /** Trailers; resolves when the call ends, whatever its status (never rejects). */
  readonly trailers: Promise<Metadata>;
}

/** Calls the next interceptor, or the network at the end of the chain. */
export type ClientNext = (request: ClientCallRequest) => ClientCallResponse | Promise<ClientCallResponse>;

/**
 * A client interceptor: an onion layer around `next`. It may change the request (metadata,
 * options, messages), short-circuit (return a response without calling `next`, or throw an
 * RpcError), and observe or change the response. The first interceptor listed runs outermost.
 */
export type ClientInterceptor = (
  request: ClientCallRequest,
  next: ClientNext,
) => ClientCallResponse | Promise<ClientCallResponse>;

/** One server call as interceptors see it. */
export interface ServerCallRequest<Req = unknown> {
  /** The method called. */
  readonly method: MethodDefinition<Req, unknown>;
  /** The handler's context: request metadata, response header and trailer, signal, deadline. */
  readonly context: ServerCallContext;
  /** The request messages as decoded (one for unary and server-streaming calls). */
  readonly requests: AsyncIterable<Req>;
}

/** Calls the next interceptor, or the handler at the end of the chain; yields the responses to send. */
export type ServerNext = (request: ServerCallRequest) => AsyncIterable<unknown>;

/**
 * A server interceptor: an onion layer around the handler. It may read metadata and set
 * header/trailer metadata through `request.context`, refuse the call by throwing an RpcError
 * (e.g. UNAUTHENTICATED), transform request and response messages, and catch or wrap the
 * handler's errors. The first interceptor listed runs outermost.
 */
export type ServerInterceptor = (request: ServerCallRequest, next: ServerNext) => AsyncIterable<unknown>;
