import type { CallOptions } from "./call-options.js";
import type { DeepPartial, MethodDefinition, ServiceDefinition } from "./definitions.js";

/** A stream of requests a client sends: any sync or async iterable. */
export type RequestStream<T> = AsyncIterable<T> | Iterable<T>;

/** A unary call: one request, a promise of one response. */
export type UnaryCall<Req, Res> = (request: DeepPartial<Req>, options?: CallOptions) => Promise<Res>;
/** A server-streaming call: one request, an async iterable of responses. */
export type ServerStreamingCall<Req, Res> = (request: DeepPartial<Req>, options?: CallOptions) => AsyncIterable<Res>;
/** A client-streaming call: a stream of requests, a promise of one response. */
export type ClientStreamingCall<Req, Res> = (
  requests: RequestStream<DeepPartial<Req>>,
  options?: CallOptions,
) => Promise<Res>;
/** A bidirectional-streaming call: a stream of requests, an async iterable of responses. */
export type BidiStreamingCall<Req, Res> = (
  requests: RequestStream<DeepPartial<Req>>,
  options?: CallOptions,
) => AsyncIterable<Res>;

/** The client function type of one method definition. */
export type ClientMethod<M> =
  M extends MethodDefinition<infer Req, infer Res, infer RequestStream, infer ResponseStream>
    ? RequestStream extends true
      ? ResponseStream extends true
        ? BidiStreamingCall<Req, Res>
        : ClientStreamingCall<Req, Res>
      : ResponseStream extends true
        ? ServerStreamingCall<Req, Res>
        : UnaryCall<Req, Res>
    : never;

/** A typed client of service `S`: one function per method. */
export type Client<S extends ServiceDefinition> = {
  readonly [K in keyof S["methods"]]: ClientMethod<S["methods"][K]>;
};
