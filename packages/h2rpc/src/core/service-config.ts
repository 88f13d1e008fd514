import type { Code } from "./code.js";

/** Retry policy of gRFC A6: retry a failed attempt whose status is retryable, with exponential backoff. */
export interface RetryPolicy {
  /** Attempts in all, the first included (2 or more). Capped at the channel's `maxRetryAttempts` (default 5). */
  maxAttempts: number;
  /** Backoff before the first retry, ms (the actual wait is random in [0, backoff]). */
  initialBackoffMs: number;
  /** Largest backoff, ms. */
  maxBackoffMs: number;
  /** Backoff growth per retry (> 0). */
  backoffMultiplier: number;
  /** Statuses worth another attempt, e.g. [Code.UNAVAILABLE]. */
  retryableStatusCodes: readonly Code[];
}

/** Hedging policy of gRFC A6: send the request again after a delay without waiting for the first answer. */
export interface HedgingPolicy {
  /** Attempts in all, the first included (2 or more). Capped like retries. */
  maxAttempts: number;
  /** Time between hedged attempts, ms; 0 sends them all at once. */
  hedgingDelayMs: number;
  /** Statuses after which the other attempts carry on; any other status ends the call. */
  nonFatalStatusCodes: readonly Code[];
}

/** Names the methods a {@link MethodConfig} applies to: a whole service, one method, or (both empty) everything. */
export interface MethodName {
  /** Fully-qualified service name, e.g. `helloworld.Greeter`; empty or absent: every service. */
  service?: string;
  /** Method name as in the .proto, e.g. `SayHello`; absent: every method of the service. */
  method?: string;
}

/** Settings for some methods. The most specific match wins: method, then service, then default. */
export interface MethodConfig {
  /** The methods this applies to. */
  name: readonly MethodName[];
  /** Time allowed per call, ms; a call's own deadline still wins when it is earlier. */
  timeoutMs?: number;
  /** Wait for a connection instead of failing fast. */
  waitForReady?: boolean;
  /** Largest request message sent, bytes. */
  maxRequestBytes?: number;
  /** Largest response message accepted, bytes. */
  maxResponseBytes?: number;
  /** Retry failed attempts (exclusive with hedging). */
  retryPolicy?: RetryPolicy;
  /** Hedge attempts (exclusive with retries). */
  hedgingPolicy?: HedgingPolicy;
}

/** Retry throttling of gRFC A6: a token bucket per channel that stops retries while the server is failing. */
export interface RetryThrottling {
  /** Bucket size (1–1000). Retries stop while tokens ≤ maxTokens / 2. */
  maxTokens: number;
  /** Tokens a successful call gives back (a failure takes 1). */
  tokenRatio: number;
}

/** A channel's service config (gRPC's, typed). `parseServiceConfig` reads gRPC's JSON form. */
export interface ServiceConfig {
  /** Per-method settings. */
  methodConfig?: readonly MethodConfig[];
  /** Retry throttling for the whole channel. */
  retryThrottling?: RetryThrottling;
}
