import { AsyncLocalStorage } from "node:async_hooks";

/** What a downstream call inherits from the server call it is made in. */
export interface CallScope {
  /** Aborted when the upstream call ends early (cancelled, deadline, client gone). */
  readonly signal: AbortSignal;
  /** The upstream deadline in epoch ms, or undefined. */
  readonly deadline: number | undefined;
}

const storage = new AsyncLocalStorage<CallScope>();

/** Runs `fn` (a server handler and everything it awaits) with `scope` as the ambient call. */
export function runInCallScope<T>(scope: CallScope, fn: () => T): T {
  return storage.run(scope, fn);
}

/** The server call whose handler is running now, if any. */
export function currentCallScope(): CallScope | undefined {
  return storage.getStore();
}
