/** Reconnect backoff settings, as in gRPC's connection-backoff.md. */
export interface BackoffOptions {
  /** First delay after a failed connection attempt, ms. Default 1000. */
  initialBackoffMs?: number;
  /** Growth factor per failed attempt. Default 1.6. */
  backoffMultiplier?: number;
  /** Random spread of each delay, as a fraction (0.2 = ±20 %). Default 0.2. */
  backoffJitter?: number;
  /** Largest delay, ms. Default 120 000. */
  maxBackoffMs?: number;
}

/** The delays between connection attempts: exponential, jittered, capped, reset on success. */
export class Backoff {
  readonly #initial: number;
  readonly #multiplier: number;
  readonly #jitter: number;
  readonly #max: number;
  #current: number;

  constructor(options: BackoffOptions = {}, random: () => number = Math.random) {
    this.#initial = options.initialBackoffMs ?? 1000;
    this.#multiplier = options.backoffMultiplier ?? 1.6;
    this.#jitter = options.backoffJitter ?? 0.2;
    this.#max = options.maxBackoffMs ?? 120_000;
    if (!(this.#initial >= 0 && this.#multiplier >= 1 && this.#jitter >= 0 && this.#jitter < 1 && this.#max >= 0)) {
      throw new RangeError(
        "Backoff options need initialBackoffMs >= 0, backoffMultiplier >= 1, 0 <= backoffJitter < 1, maxBackoffMs >= 0",
      );
    }
    this.#current = this.#initial;
    this.#random = random;
  }

  readonly #random: () => number;

  /** The delay before the next attempt; each call grows the following one. */
  next(): number {
    const base = this.#current;
    this.#current = Math.min(this.#current * this.#multiplier, this.#max);
    const spread = base * this.#jitter;
    return Math.max(0, Math.round(base - spread + this.#random() * 2 * spread));
  }

  /** Starts over from the initial delay (after a successful connection). */
  reset(): void {
    this.#current = this.#initial;
  }
}
