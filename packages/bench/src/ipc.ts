import type { ImplName } from "./impls.js";
import type { Scenario } from "./scenarios.js";

/** Limits of one measured run. Every loop stops at whichever limit comes first. */
export interface RunLimits {
  /** Warm-up before the measured window, ms. */
  warmupMs: number;
  /** The measured window, ms. */
  durationMs: number;
  /** Most units (calls, messages, round trips) in the measured window. */
  maxUnits: number;
}

/** What a load generator measured in one window. */
export interface LoadResult {
  /** Units completed: calls, messages or round trips (see the scenario). */
  units: number;
  /** Calls completed (a stream of 1000 messages is one call). */
  calls: number;
  /** Calls that failed; a run with failures is reported as such. */
  failures: number;
  /** Wall time of the window, from the first call to the last completion, ms. */
  elapsedMs: number;
  /** CPU time (user + system) of the load generator's process in the window, µs. */
  clientCpuUs: number;
  /** Latency of a call (a round trip for ping-pong), ms. */
  p50Ms: number;
  p99Ms: number;
  /** The first failure's message, if any. */
  firstError?: string;
}

/** Messages from the runner to a server child. */
export type ToServer = { type: "mark" } | { type: "stop" } | { type: "heap" } | { type: "release" } | { type: "exit" };

/** Messages from a server child to the runner. */
export type FromServer =
  | { type: "ready"; port: number }
  | { type: "marked" }
  | { type: "stopped"; cpuUs: number; elapsedMs: number }
  | { type: "heap"; heapUsedBytes: number; holding: number }
  | { type: "released" }
  | { type: "error"; message: string };

/** Messages from the runner to a load-generator child. */
export type ToClient =
  | { type: "run"; scenario: Scenario; port: number; limits: RunLimits }
  | { type: "go" }
  | { type: "teardown" }
  | { type: "idle-open"; port: number; sessions: number }
  | { type: "idle-go" }
  | { type: "idle-close" }
  | { type: "inflight-start"; port: number; calls: number; holdMs: number; settleMs: number }
  | { type: "inflight-go" }
  | { type: "inflight-finish" }
  | { type: "exit" };

/** Messages from a load-generator child to the runner. */
export type FromClient =
  | { type: "ready"; impl: ImplName }
  | { type: "warm" }
  | { type: "result"; result: LoadResult }
  | { type: "closed" }
  | { type: "idle-warm" }
  | { type: "idle-opened"; heapDeltaBytes: number; sessions: number }
  | { type: "idle-closed" }
  | { type: "inflight-connected" }
  | { type: "inflight-held"; heapDeltaBytes: number; calls: number }
  | { type: "inflight-done"; failures: number }
  | { type: "error"; message: string };

/** Anything with Node's IPC `message` event (a ChildProcess, or `process` in a child). */
export interface MessageSource {
  on(event: "message", listener: (message: unknown) => void): unknown;
  on(event: "exit" | "disconnect", listener: () => void): unknown;
}

/**
 * Buffers the IPC messages of one peer and hands them out by type, so a conversation reads as
 * `send(…); await inbox.next("reply", ms)`. An `error` message, the peer's exit or the time limit
 * rejects the waiting `next`.
 */
export class Inbox<M extends { type: string }> {
  readonly #queued: M[] = [];
  #waiter: { wanted: (m: M) => boolean; resolve: (m: M) => void; reject: (e: Error) => void } | undefined;
  #gone: Error | undefined;

  constructor(
    source: MessageSource,
    private readonly name: string,
  ) {
    source.on("message", (message) => this.#deliver(message as M));
    const gone = () => this.#fail(new Error(`${this.name} exited`));
    source.on("exit", gone);
    source.on("disconnect", gone);
  }

  /**
   * The next message of `type` (or of any of several types); messages of other types stay queued.
   * `timeoutMs` may be `Infinity` (a child waiting for its next command).
   */
  next<T extends M["type"]>(type: T | readonly T[], timeoutMs: number): Promise<Extract<M, { type: T }>> {
    const types: readonly string[] = typeof type === "string" ? [type] : type;
    const wanted = (m: M) => types.includes(m.type) || m.type === "error";
    const index = this.#queued.findIndex(wanted);
    if (index >= 0) return this.#settle(this.#queued.splice(index, 1)[0]!) as Promise<Extract<M, { type: T }>>;
    if (this.#gone) return Promise.reject(this.#gone);
    return new Promise<M>((resolve, reject) => {
      const timer = Number.isFinite(timeoutMs)
        ? setTimeout(() => {
            this.#waiter = undefined;
            reject(new Error(`${this.name}: no ${types.join(" or ")} within ${timeoutMs} ms`));
          }, timeoutMs)
        : undefined;
      this.#waiter = {
        wanted,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
    }).then((m) => this.#settle(m)) as Promise<Extract<M, { type: T }>>;
  }

  #settle(message: M): Promise<M> {
    if (message.type === "error") {
      return Promise.reject(new Error(`${this.name}: ${(message as unknown as { message: string }).message}`));
    }
    return Promise.resolve(message);
  }

  #deliver(message: M): void {
    const waiter = this.#waiter;
    if (waiter?.wanted(message)) {
      this.#waiter = undefined;
      waiter.resolve(message);
    } else {
      this.#queued.push(message);
    }
  }

  #fail(error: Error): void {
    this.#gone ??= error;
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.reject(error);
  }
}
