import type { CallOptions } from "../core/call-options.js";
import type { ClientOptions } from "../core/client-options.js";
import type { Client } from "../core/client-types.js";
import type { DeepPartial, MethodDefinition, ServiceDefinition } from "../core/definitions.js";
import { Metadata } from "../core/metadata.js";
import { type Channel, type StreamOpener, streamOpenerOf } from "../transport/channel.js";
import { type CallLimits, ClientCall } from "./client-call.js";
import { type CallMaker, interceptedStream, interceptedUnary, startInterceptedCall } from "./intercepted-call.js";
import { RetryingCall } from "./retrying-call.js";
import { readOne } from "./unary-response.js";

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
  clientLimits: CallLimits,
): (input: unknown, options?: CallOptions) => unknown {
  const config = opener.serviceConfig.lookup(method.path);
  const limits: CallLimits =
    config === undefined
      ? clientLimits
      : {
          ...clientLimits,
          maxSendMessageBytes: Math.min(
            clientLimits.maxSendMessageBytes,
            config.maxRequestBytes ?? Number.POSITIVE_INFINITY,
          ),
          maxReceiveMessageBytes: Math.min(
            clientLimits.maxReceiveMessageBytes,
            config.maxResponseBytes ?? Number.POSITIVE_INFINITY,
          ),
        };
  const retry =
    config?.retryPolicy !== undefined || config?.hedgingPolicy !== undefined
      ? {
          retryPolicy: config.retryPolicy,
          hedgingPolicy: config.hedgingPolicy,
          throttle: opener.retryThrottle,
          perCallBufferBytes: opener.perCallRetryBufferBytes,
          budget: opener.retryBudget,
        }
      : undefined;
  /** The call's options: the client's defaults, the method's config, then the call's own. */
  const optionsFor = (options: CallOptions | undefined): CallOptions => {
    if (config === undefined) return mergeOptions(defaults, options);
    const merged = { ...mergeOptions(defaults, options) }; // never change the client's defaults
    if (config.timeoutMs !== undefined) {
      const byConfig = Date.now() + config.timeoutMs;
      const own = merged.deadline instanceof Date ? merged.deadline.getTime() : merged.deadline;
      merged.deadline = own === undefined ? byConfig : Math.min(own, byConfig);
    }
    if (merged.waitForReady === undefined && config.waitForReady !== undefined)
      merged.waitForReady = config.waitForReady;
    return merged;
  };
  const makeCall: CallMaker = (options, input) =>
    retry === undefined
      ? new ClientCall(opener, method, options, limits).start(input)
      : new RetryingCall(opener, method, options, limits, retry).start(input);
  const outer = [...opener.interceptors, ...(defaults.interceptors ?? [])];
  const intercepted = (input: unknown, options: CallOptions | undefined) =>
    startInterceptedCall(method, optionsFor(options), [...outer, ...(options?.interceptors ?? [])], input, makeCall);
  const hasInterceptors = (options: CallOptions | undefined) =>
    outer.length > 0 || (options?.interceptors !== undefined && options.interceptors.length > 0);
  const direct = (input: unknown, options: CallOptions | undefined) =>
    makeCall(
      optionsFor(options),
      method.requestStream
        ? { single: false, messages: input as Iterable<DeepPartial<unknown>> }
        : { single: true, message: input as DeepPartial<unknown> },
    );
  if (method.responseStream) {
    return (input, options) =>
      hasInterceptors(options) ? interceptedStream(intercepted(input, options)) : direct(input, options);
  }
  return (input, options) =>
    hasInterceptors(options) ? interceptedUnary(intercepted(input, options)) : unaryResult(direct(input, options));
}

/** Reads exactly one response from a call, failing on zero or several. */
function unaryResult<Res>(call: AsyncIterableIterator<Res>): Promise<Res> {
  return call instanceof ClientCall ? (call as ClientCall<unknown, Res>).single() : readOne(call);
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
