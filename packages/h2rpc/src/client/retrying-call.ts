import type { CallOptions } from "../core/call-options.js";
import { Code } from "../core/code.js";
import type { DeepPartial, MethodDefinition } from "../core/definitions.js";
import type { Metadata } from "../core/metadata.js";
import { RpcError } from "../core/rpc-error.js";
import type { HedgingPolicy, RetryPolicy } from "../core/service-config.js";
import type { StreamOpener } from "../transport/channel.js";
import type { CallStatus } from "../wire/call-status.js";
import { encodeMessage } from "../wire/message-codec.js";
import type { RetryBufferBudget } from "../wire/retry-buffer-budget.js";
import type { RetryThrottle } from "../wire/retry-throttle.js";
import { callDeadline } from "./call-deadline.js";
import { type CallInput, type CallLimits, ClientCall } from "./client-call.js";
import { ReplayableRequests } from "./replayable-requests.js";

/** What a retrying call needs besides the call itself. */
export interface RetrySetup {
  /** Exactly one of the two. */
  readonly retryPolicy?: RetryPolicy | undefined;
  readonly hedgingPolicy?: HedgingPolicy | undefined;
  /** The channel's throttle, when its service config sets one. */
  readonly throttle?: RetryThrottle | undefined;
  /** Request bytes one call may hold for retries. */
  readonly perCallBufferBytes: number;
  /** Request bytes all calls of the channel may hold for retries. */
  readonly budget: RetryBufferBudget;
}

interface Attempt {
  readonly call: ClientCall<unknown, unknown>;
  readonly abort: AbortController;
}

/**
 * A call under a retry or hedging policy (gRFC A6), for every call kind. Each attempt is a
 * {@link ClientCall} reading the request messages from a shared replay buffer. The call
 * commits to the first attempt whose response headers arrive (or that ends for good); from
 * then on its messages are the call's. Before that, a failed attempt with a retryable status is
 * retried after a jittered exponential backoff (or the server's `grpc-retry-pushback-ms`), or,
 * when hedging, further attempts start every `hedgingDelayMs`.
 */
export class RetryingCall<Req, Res> implements AsyncIterableIterator<Res> {
  readonly #opener: StreamOpener;
  readonly #method: MethodDefinition<Req, Res>;
  readonly #options: CallOptions;
  readonly #limits: CallLimits;
  readonly #setup: RetrySetup;
  readonly #maxAttempts: number;
  #requests: ReplayableRequests<DeepPartial<Req>> | undefined;
  #active: Attempt[] = [];
  #started = 0;
  #committed: ClientCall<unknown, unknown> | undefined;
  #commitWaiters: (() => void)[] = [];
  #backoffMs = 0;
  #timer: NodeJS.Timeout | undefined;
  #deadline: number | undefined;

  constructor(
    opener: StreamOpener,
    method: MethodDefinition<Req, Res>,
    options: CallOptions,
    limits: CallLimits,
    setup: RetrySetup,
  ) {
    this.#opener = opener;
    this.#method = method;
    this.#options = options;
    this.#limits = limits;
    this.#setup = setup;
    this.#maxAttempts = setup.retryPolicy?.maxAttempts ?? setup.hedgingPolicy?.maxAttempts ?? 1;
    this.#backoffMs = setup.retryPolicy?.initialBackoffMs ?? 0;
  }

  /** Starts the first attempt. */
  start(input: CallInput<Req>): this {
    try {
      this.#deadline = callDeadline(this.#options);
    } catch {
      this.#deadline = undefined; // the attempt reports the bad option
    }
    const type = this.#method.requestType;
    this.#requests = new ReplayableRequests<DeepPartial<Req>>(
      input.single ? [input.message] : input.messages,
      (m) => encodeMessage(type, type.fromPartial(m as never)).length,
      this.#setup.perCallBufferBytes,
      this.#setup.budget,
      () => this.#onBufferOverflow(),
    );
    this.#startAttempt();
    return this;
  }

  #startAttempt(): void {
    const previous = this.#started++;
    const abort = new AbortController();
    const { signal, onHeader: _h, onTrailer: _t, timeoutMs: _timeout, interceptors: _i, ...rest } = this.#options;
    const options: CallOptions = {
      ...rest,
      signal: signal === undefined ? abort.signal : AbortSignal.any([signal, abort.signal]),
      onHeader: (headers) => this.#onHeaders(attempt, headers),
    };
    if (this.#deadline !== undefined) options.deadline = this.#deadline;
    const call = new ClientCall<unknown, unknown>(
      this.#opener,
      this.#method as MethodDefinition<unknown, unknown>,
      options,
      this.#limits,
      previous,
    );
    const attempt: Attempt = { call, abort };
    this.#active.push(attempt);
    const reader = (this.#requests as ReplayableRequests<DeepPartial<Req>>).reader();
    call.start({ single: false, messages: reader as AsyncIterable<DeepPartial<unknown>> });
    void call.settled().then((status) => this.#onAttemptEnd(attempt, status));
    this.#scheduleHedge();
  }

  #scheduleHedge(): void {
    const hedging = this.#setup.hedgingPolicy;
    if (hedging === undefined || this.#started >= this.#maxAttempts || this.#committed !== undefined) return;
    this.#clearTimer();
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (this.#mayStartAnother()) this.#startAttempt();
    }, hedging.hedgingDelayMs);
    this.#timer.unref();
  }

  #onHeaders(attempt: Attempt, headers: Metadata): void {
    if (this.#committed === undefined) this.#commit(attempt);
    if (this.#committed === attempt.call) this.#options.onHeader?.(headers);
  }

  #onAttemptEnd(attempt: Attempt, status: CallStatus): void {
    this.#active = this.#active.filter((a) => a !== attempt);
    const throttle = this.#setup.throttle;
    if (this.#committed === attempt.call) {
      this.#finish(status);
      return;
    }
    if (this.#committed !== undefined) return; // a losing hedge, cancelled
    if (status.code === Code.OK) {
      this.#commit(attempt); // #finish records the success for throttling
      this.#finish(status);
      return;
    }
    const retry = this.#setup.retryPolicy;
    const hedging = this.#setup.hedgingPolicy;
    const worthAnother = (retry?.retryableStatusCodes ?? hedging?.nonFatalStatusCodes ?? []).includes(status.code);
    if (worthAnother) throttle?.recordFailure();
    const pushback = attempt.call.retryPushback;
    if (!worthAnother || pushback === "never") {
      this.#commit(attempt);
      this.#finish(status);
      return;
    }
    if (hedging !== undefined) {
      if (this.#active.length > 0) return; // other hedges are still out
      if (this.#mayStartAnother()) {
        if (pushback !== undefined) this.#startAfter(pushback);
        else this.#startAttempt();
        return;
      }
      this.#commit(attempt);
      this.#finish(status);
      return;
    }
    if (!this.#mayStartAnother()) {
      this.#commit(attempt);
      this.#finish(status);
      return;
    }
    const policy = retry as RetryPolicy;
    const delay = pushback ?? Math.random() * this.#backoffMs;
    this.#backoffMs = Math.min(this.#backoffMs * policy.backoffMultiplier, policy.maxBackoffMs);
    if (pushback !== undefined) this.#backoffMs = policy.initialBackoffMs;
    if (this.#deadline !== undefined && Date.now() + delay >= this.#deadline) {
      this.#commit(attempt);
      this.#finish(status);
      return;
    }
    this.#startAfter(delay);
  }

  #startAfter(delayMs: number): void {
    this.#clearTimer();
    const startNow = () => {
      this.#clearTimer();
      this.#options.signal?.removeEventListener("abort", startNow);
      if (this.#committed === undefined) this.#startAttempt(); // an aborted signal ends it at once: CANCELLED
    };
    this.#timer = setTimeout(startNow, delayMs);
    this.#options.signal?.addEventListener("abort", startNow, { once: true });
  }

  #mayStartAnother(): boolean {
    return (
      this.#committed === undefined &&
      this.#started < this.#maxAttempts &&
      (this.#requests?.canReplay ?? false) &&
      (this.#setup.throttle?.allowsRetry ?? true) &&
      (this.#deadline === undefined || Date.now() < this.#deadline)
    );
  }

  #onBufferOverflow(): void {
    const keep = this.#active[0];
    if (keep !== undefined && this.#committed === undefined) this.#commit(keep);
  }

  #commit(attempt: Attempt): void {
    if (this.#committed !== undefined) return;
    this.#committed = attempt.call;
    this.#clearTimer();
    this.#requests?.commit();
    for (const other of this.#active) {
      if (other !== attempt) other.abort.abort(new RpcError(Code.CANCELLED, "Another hedged attempt answered first"));
    }
    for (const w of this.#commitWaiters.splice(0)) w();
  }

  #finish(status: CallStatus): void {
    void this.#requests?.close();
    const throttle = this.#setup.throttle;
    if (status.code === Code.OK) throttle?.recordSuccess();
    this.#options.onTrailer?.(status.code === Code.OK ? status.metadata : status.error.metadata);
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  async #whenCommitted(): Promise<ClientCall<unknown, unknown>> {
    if (this.#committed === undefined) await new Promise<void>((r) => this.#commitWaiters.push(r));
    return this.#committed as ClientCall<unknown, unknown>;
  }

  /** The next response message of the committed attempt; throws the call's RpcError when it failed. */
  async next(): Promise<IteratorResult<Res>> {
    return (await this.#whenCommitted()).next() as Promise<IteratorResult<Res>>;
  }

  /** Cancels the call (every attempt) if it is still running. */
  async return(): Promise<IteratorResult<Res>> {
    this.#clearTimer();
    if (this.#committed === undefined) {
      const first = this.#active[0];
      for (const a of this.#active) a.abort.abort(new RpcError(Code.CANCELLED, "Call cancelled by the client"));
      if (first !== undefined) this.#commit(first);
    }
    await this.#committed?.return();
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
