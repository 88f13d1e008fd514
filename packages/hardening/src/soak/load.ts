import PQueue from "p-queue";
import type { GreeterClient } from "../gen/helloworld/greeter.h2rpc.js";
import { type CallAccounts, noteEnd, noteStart } from "./accounting.js";
import { drawPlan } from "./plan.js";
import { runCall } from "./run-call.js";

/** How to run load. */
export interface LoadOptions {
  /** Clients to spread calls over (one per channel). */
  clients: readonly GreeterClient[];
  /** Calls in flight at once. */
  concurrency: number;
  /** Stop starting calls after this long, ms. */
  durationMs: number;
  /** A call not settled after this long is aborted and counted as hung, ms. */
  watchdogMs: number;
  /** Most calls per second and client planned to end early (see {@link drawPlan}). */
  earlyEndsPerSecond: number;
}

/** A token bucket: `rate` tokens per second, at most `rate` saved up. */
class Budget {
  readonly #rate: number;
  #tokens: number;
  #at = performance.now();
  constructor(rate: number) {
    this.#rate = rate;
    this.#tokens = rate;
  }
  /** Takes a token if one is left. */
  take(): boolean {
    if (!Number.isFinite(this.#rate)) return true;
    const now = performance.now();
    this.#tokens = Math.min(this.#rate, this.#tokens + ((now - this.#at) / 1000) * this.#rate);
    this.#at = now;
    if (this.#tokens < 1) return false;
    this.#tokens--;
    return true;
  }
}

/**
 * Starts random calls (see {@link drawPlan}) with at most `concurrency` in flight until `durationMs`
 * passed, then waits for every call to settle (each is bounded by the watchdog).
 */
export async function runLoad(options: LoadOptions, accounts: CallAccounts): Promise<void> {
  const queue = new PQueue({ concurrency: options.concurrency });
  const end = performance.now() + options.durationMs;
  const budgets = options.clients.map(() => new Budget(options.earlyEndsPerSecond));
  let next = 0;
  while (performance.now() < end) {
    await queue.onSizeLessThan(options.concurrency);
    const index = next++ % options.clients.length;
    let plan = drawPlan();
    if (plan.fate !== "normal" && !(budgets[index] as Budget).take()) plan = drawPlan(false);
    const client = options.clients[index] as GreeterClient;
    noteStart(accounts, plan);
    void queue.add(async () => noteEnd(accounts, plan, await runCall(client, plan, options.watchdogMs)));
  }
  await queue.onIdle();
}
