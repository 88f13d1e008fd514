import { Code, codeName, RpcError, type ServerInterceptor } from "h2rpc";

/** A server call that ended before its handler finished: the client cancelled or the deadline passed. */
export interface AbortedCall {
  /** The method, e.g. `WatchPrices`. */
  readonly method: string;
  /** Why it ended: CANCELLED, DEADLINE_EXCEEDED, ... */
  readonly code: Code;
  /** The call's deadline (epoch ms) as the handler saw it, or undefined when it had none. */
  readonly deadline: number | undefined;
  /** Milliseconds from the call's start to the abort. */
  readonly afterMs: number;
}

/** Called for each {@link AbortedCall}. */
export type AbortedCallListener = (call: AbortedCall) => void;

/**
 * A server interceptor reporting every call whose `context.signal` (the handler's own signal) fires while
 * the handler runs. This is how the example shows a deadline or a cancellation arriving at a service two
 * hops from the client: in the logs, and to tests. With `services` (full names), only their calls are
 * watched (not, say, a reflection client closing its stream).
 */
export function reportAbortedCalls(listener: AbortedCallListener, services?: readonly string[]): ServerInterceptor {
  const prefixes = services?.map((name) => `/${name}/`);
  return async function* (call, next) {
    if (prefixes && !prefixes.some((prefix) => call.method.path.startsWith(prefix))) {
      yield* next(call);
      return;
    }
    const { context } = call;
    const started = performance.now();
    const onAbort = () => {
      const reason: unknown = context.signal.reason;
      listener({
        method: call.method.name,
        code: reason instanceof RpcError ? reason.code : Code.CANCELLED,
        deadline: context.deadline,
        afterMs: Math.round(performance.now() - started),
      });
    };
    context.signal.addEventListener("abort", onAbort, { once: true });
    try {
      yield* next(call);
    } finally {
      context.signal.removeEventListener("abort", onAbort);
    }
  };
}

/** One log line for an aborted call, e.g. `WatchPrices ended early: CANCELLED after 312 ms`. */
export function describeAbortedCall(call: AbortedCall): string {
  return `${call.method} ended early: ${codeName(call.code)} after ${call.afterMs} ms`;
}
