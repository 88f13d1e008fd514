import type { RetryThrottling } from "../core/service-config.js";

/** gRFC A6 retry throttling: a failure costs 1 token, a success gives back `tokenRatio`; retries need more than half. */
export class RetryThrottle {
  readonly #max: number;
  readonly #ratio: number;
  #tokens: number;

  constructor(config: RetryThrottling) {
    this.#max = config.maxTokens;
    this.#ratio = config.tokenRatio;
    this.#tokens = config.maxTokens;
  }

  /** Tokens now. */
  get tokens(): number {
    return this.#tokens;
  }

  /** True while retries and hedges may be sent. */
  get allowsRetry(): boolean {
    return this.#tokens > this.#max / 2;
  }

  /** A call ended with a retryable (or non-fatal) failure. */
  recordFailure(): void {
    this.#tokens = Math.max(0, this.#tokens - 1);
  }

  /** A call succeeded. */
  recordSuccess(): void {
    this.#tokens = Math.min(this.#max, this.#tokens + this.#ratio);
  }
}
