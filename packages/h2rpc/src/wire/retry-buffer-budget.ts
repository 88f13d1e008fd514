/** Bytes held for retries across all calls of a channel (gRPC's retry_buffer_size). */
export class RetryBufferBudget {
  #used = 0;
  constructor(readonly limitBytes: number) {}

  /** Takes `bytes` from the budget; false (nothing taken) when it would go over. */
  acquire(bytes: number): boolean {
    if (this.#used + bytes > this.limitBytes) return false;
    this.#used += bytes;
    return true;
  }

  /** Gives `bytes` back. */
  release(bytes: number): void {
    this.#used = Math.max(0, this.#used - bytes);
  }

  /** Bytes held now. */
  get usedBytes(): number {
    return this.#used;
  }
}
