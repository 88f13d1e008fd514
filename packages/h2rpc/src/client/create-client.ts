import type { CallOptions } from "../core/call-options.js";
import type { ClientOptions } from "../core/client-options.js";
import type { Client } from "../core/client-types.js";
import { Code } from "../core/code.js";
import type { DeepPartial, MethodDefinition, ServiceDefinition } from "../core/definitions.js";
import { Metadata } from "../core/metadata.js";
import { RpcError } from "../core/rpc-error.js";
import { type Channel, type StreamOpener, streamOpenerOf } from "../transport/channel.js";
import { type CallLimits, ClientCall } from "./client-call.js";
import { interceptedStream, interceptedUnary, startInterceptedCall } from "./intercepted-call.js";

/**
 * Creates a typed client of `service` on `channel`. Unary calls return a promise; streaming
 * responses are async iterables; streaming requests are any (async) iterable.
 */
export function createClient<S extends ServiceDefinition>(
  service: S,
  channel: Channel,
  options: ClientOptions = {},
): Client<S> {
  const opener = streamOpenerOf(channel);
  const { maxReceiveMessageBytes, maxSendMessageBytes, compressMinBytes, ...defaults } = options;
  const limits: CallLimits = {
    maxReceiveMessageBytes: limit(maxReceiveMessageBytes, 4 << 20, "maxReceiveMessageBytes"),
    maxSendMessageBytes: limit(maxSendMessageBytes, Number.POSITIVE_INFINITY, "maxSendMessageBytes"),
    compressMinBytes: limit(compressMinBytes, 1024, "compressMinBytes"),
  };
  const client: Record<string, unknown> = {};
  for (const [key, method] of Object.entries(service.methods)) {
    client[key] = methodCaller(opener, method, defaults, limits);
  }
  return Object.freeze(client) as Client<S>;
}

function methodCaller(
  opener: StreamOpener,
  method: MethodDefinition<unknown, unknown>,
  defaults: CallOptions,
  limits: CallLimits,
): (input: unknown, options?: CallOptions) => unknown {
  const outer = [...opener.interceptors, ...(defaults.interceptors ?? [])];
  const intercepted = (input: unknown, options: CallOptions | undefined) => {
    const merged = mergeOptions(defaults, options);
    return startInterceptedCall(opener, method, merged, limits, [...outer, ...(options?.interceptors ?? [])], input);
  };
  const hasInterceptors = (options: CallOptions | undefined) =>
    outer.length > 0 || (options?.interceptors !== undefined && options.interceptors.length > 0);
  if (method.responseStream) {
    return (input, options) =>
      hasInterceptors(options) ? interceptedStream(intercepted(input, options)) : start(input, options);
  }
  return (input, options) =>
    hasInterceptors(options) ? interceptedUnary(intercepted(input, options)) : unaryResult(start(input, options));

  function start(input: unknown, options: CallOptions | undefined) {
    return new ClientCall(opener, method, mergeOptions(defaults, options), limits).start(
      method.requestStream
        ? { single: false, messages: input as Iterable<DeepPartial<unknown>> }
        : { single: true, message: input as DeepPartial<unknown> },
    );
  }
}

/** Reads exactly one response from a call, failing on zero or several. */
async function unaryResult<Res>(call: ClientCall<unknown, Res>): Promise<Res> {
  const first = await call.next();
  if (first.done) throw new RpcError(Code.INTERNAL, "Server sent no response message for a unary call");
  const second = await call.next();
  if (!second.done) {
    await call.return();
    throw new RpcError(Code.INTERNAL, "Server sent more than one response message for a unary call");
  }
  return first.value;
}

function mergeOptions(defaults: CallOptions, options: CallOptions | undefined): CallOptions {
  if (options === undefined) return defaults;
  const merged: CallOptions = { ...defaults, ...options };
  if (defaults.metadata !== undefined && options.metadata !== undefined) {
    merged.metadata = new Metadata(defaults.metadata).merge(options.metadata);
  }
  if (defaults.signal !== undefined && options.signal !== undefined) {
    merged.signal = AbortSignal.any([defaults.signal, options.signal]);
  }
  return merged;
}

function limit(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!(value >= 0)) throw new RangeError(`Client option ${name} must be a non-negative number of bytes, got ${value}`);
  return value;
}
