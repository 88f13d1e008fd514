/** A push-driven async iterable: values pushed are yielded in order until {@link AsyncQueue.end}. */
export class AsyncQueue<T> implements AsyncIterable<T> {
  readonly #values: T[] = [];
  #ended = false;
  #wake: (() => void) | undefined;

  /** Queues `value` for the consumer. */
  push(value: T): void {
    this.#values.push(value);
    this.#wake?.();
  }

  /** Ends the iteration once the queued values are consumed. */
  end(): void {
    this.#ended = true;
    this.#wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      const value = this.#values.shift();
      if (value !== undefined) {
        yield value;
        continue;
      }
      if (this.#ended) return;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
      this.#wake = undefined;
    }
  }
}
