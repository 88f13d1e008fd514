/**
 * Counts the streams a client resets on one connection over a sliding one-second window (ten
 * 100 ms buckets), to spot the HTTP/2 rapid-reset attack without penalising ordinary cancellations.
 */
export class ResetFloodGuard {
  readonly #limit: number;
  readonly #buckets = new Array<number>(10).fill(0);
  #bucketStart = 0;
  #index = 0;
  #total = 0;

  constructor(limitPerSecond: number) {
    this.#limit = limitPerSecond;
  }

  /** Records one reset at `now` (ms); true when the last second holds more than the limit. */
  note(now = Date.now()): boolean {
    this.#advance(now);
    this.#buckets[this.#index] = (this.#buckets[this.#index] as number) + 1;
    this.#total++;
    return this.#total > this.#limit;
  }

  #advance(now: number): void {
    if (this.#bucketStart === 0) this.#bucketStart = now;
    let steps = Math.floor((now - this.#bucketStart) / 100);
    if (steps <= 0) return;
    this.#bucketStart += steps * 100;
    if (steps > 10) steps = 10;
    for (let i = 0; i < steps; i++) {
      this.#index = (this.#index + 1) % 10;
      this.#total -= this.#buckets[this.#index] as number;
      this.#buckets[this.#index] = 0;
    }
  }
}
