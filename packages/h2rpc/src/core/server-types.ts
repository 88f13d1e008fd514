import type { DeepPartial, MethodDefinition, ServiceDefinition } from "./definitions.js";
import type { ServerCallContext } from "./server-context.js";

/** What a handler may return for a single response: the message, or a promise of it. */
export type UnaryResult<Res> = DeepPartial<Res> | Promise<DeepPartial<Res>>;
/** What a handler may return for a response stream: an async generator, or any (async) iterable. */
export type StreamResult<Res> = AsyncIterable<DeepPartial<Res>> | Iterable<DeepPartial<Res>>;

/** Handles a unary call. Throw an RpcError to choose the status. */
export type UnaryHandler<Req, Res> = (request: Req, context: ServerCallContext) => UnaryResult<Res>;
/** Handles a server-streaming call; usually an `async function*`. */
export type ServerStreamingHandler<Req, Res> = (request: Req, context: ServerCallContext) => StreamResult<Res>;
/** Handles a client-streaming call: reads the requests, returns one response. */
export type ClientStreamingHandler<Req, Res> = (
  requests: AsyncIterable<Req>,
  context: ServerCallContext,
) => UnaryResult<Res>;
/** Handles a bidirectional-streaming call; usually an `async function*` reading `requests`. */
export type BidiStreamingHandler<Req, Res> = (
  requests: AsyncIterable<Req>,
  context: ServerCallContext,
) => StreamResult<Res>;

/** The handler type of one method definition. */
export type ServerMethod<M> =
  M extends MethodDefinition<infer Req, infer Res, infer RequestStream, infer ResponseStream>
    ? RequestStream extends true
      ? ResponseStream extends true
        ? BidiStreamingHandler<Req, Res>
        : ClientStreamingHandler<Req, Res>
      : ResponseStream extends true
        ? ServerStreamingHandler<Req, Res>
        : UnaryHandler<Req, Res>
    : never;

/** An implementation of service `S`: one handler per method. */
export type ServiceImplementation<S extends ServiceDefinition> = {
  [K in keyof S["methods"]]: ServerMethod<S["methods"][K]>;
};
