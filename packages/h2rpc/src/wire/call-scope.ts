import { AsyncLocalStorage } from "node:async_hooks";

/** What a downstream call inherits from the server call it is made in. */
export interface CallScope {
  /** Aborted when the upstream call ends early (cancelled, deadline, client gone). */
  readonly signal: AbortSignal;
  /** The upstream deadline in epoch ms, or undefined. */
  readonly deadline: number | undefined;
}

const storage = new AsyncLocalStorage<CallScope>();

/**
 * Whether server calls enter a scope. On Node 20 an active AsyncLocalStorage costs every promise
 * and async resource a hook (about a tenth of a small unary call's server CPU), and a scope is
 * only ever read by an outgoing h2rpc call: so scopes start once the process made a channel.
 */
let scopesWanted = false;

/** Called when a channel is created: from now on, server calls enter their scope. */
export function enableCallScopes(): void {
  scopesWanted = true;
}

/** Runs `fn` (a server handler and everything it awaits) with `scope` as the ambient call. */
export function runInCallScope<T>(scope: CallScope, fn: () => T): T {
  return scopesWanted ? storage.run(scope, fn) : fn();
}

/** Calls `fn(a, b)` with `scope` as the ambient call: {@link runInCallScope} without a closure. */
export function callInScope<A, B, T>(scope: CallScope, fn: (a: A, b: B) => T, a: A, b: B): T {
  return scopesWanted ? storage.run(scope, fn, a, b) : fn(a, b);
}

/** The server call whose handler is running now, if any. */
export function currentCallScope(): CallScope | undefined {
  return storage.getStore();
}
