/**
 * Hold calls waiting for a release: the server side of the in-flight memory probe. Each wait ends
 * at `release()` or after its own delay, whichever comes first, so no call waits unbounded.
 */
export class Holds {
  readonly #waiting = new Set<() => void>();

  /** Waits until `release()` or `delayMs`. */
  wait(delayMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#waiting.delete(done);
        resolve();
      };
      const timer = setTimeout(done, delayMs);
      this.#waiting.add(done);
    });
  }

  /** Ends every wait now. */
  release(): void {
    for (const done of [...this.#waiting]) done();
  }

  /** Waits in progress. */
  get size(): number {
    return this.#waiting.size;
  }
}
