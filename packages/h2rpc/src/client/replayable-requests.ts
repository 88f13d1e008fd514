import type { RetryBufferBudget } from "../wire/retry-buffer-budget.js";

/**
 * The request messages of a call that may be retried or hedged: every attempt reads them from
 * the start through its own reader, while they are pulled from the user's source only once.
 * Messages are kept until the call commits or the buffer limits (per call, per channel) are
 * passed; then `onOverflow` fires and only the reader that is furthest along can go on.
 */
export class ReplayableRequests<T> {
  readonly #source: AsyncIterator<T> | Iterator<T>;
  readonly #sizeOf: (message: T) => number;
  readonly #perCallBytes: number;
  readonly #budget: RetryBufferBudget;
  readonly #onOverflow: () => void;
  #items: T[] = [];
  #base = 0;
  #bytes = 0;
  #buffering = true;
  #done = false;
  #pulling: Promise<void> | undefined;

  constructor(
    source: AsyncIterable<T> | Iterable<T>,
    sizeOf: (message: T) => number,
    perCallBytes: number,
    budget: RetryBufferBudget,
    onOverflow: () => void,
  ) {
    this.#source =
      Symbol.asyncIterator in source
        ? (source as AsyncIterable<T>)[Symbol.asyncIterator]()
        : (source as Iterable<T>)[Symbol.iterator]();
    this.#sizeOf = sizeOf;
    this.#perCallBytes = perCallBytes;
    this.#budget = budget;
    this.#onOverflow = onOverflow;
  }

  /** True while every message pulled so far is still held. */
  get canReplay(): boolean {
    return this.#buffering;
  }

  /** A new reader starting at the first message. */
  reader(): AsyncIterableIterator<T> {
    let position = 0;
    const self = this;
    return {
      async next(): Promise<IteratorResult<T>> {
        for (;;) {
          if (position < self.#base) throw new Error("request messages were released after the call committed");
          if (position < self.#base + self.#items.length) {
            const value = self.#items[position - self.#base] as T;
            position++;
            if (!self.#buffering) self.#dropUpTo(position);
            return { value, done: false };
          }
          if (self.#done) return { value: undefined, done: true };
          await self.#pull();
        }
      },
      async return(): Promise<IteratorResult<T>> {
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  /** The call committed to one attempt: stop keeping messages for others. */
  commit(): void {
    if (!this.#buffering) return;
    this.#buffering = false;
    this.#budget.release(this.#bytes);
    this.#bytes = 0;
  }

  /** The call is over: release the buffer and let the source clean up. */
  async close(): Promise<void> {
    this.commit();
    this.#items = [];
    if (!this.#done) {
      this.#done = true;
      await this.#source.return?.();
    }
  }

  #pull(): Promise<void> {
    this.#pulling ??= (async () => {
      try {
        const next = await this.#source.next();
        if (next.done) {
          this.#done = true;
          return;
        }
        this.#items.push(next.value);
        if (this.#buffering) {
          const size = this.#sizeOf(next.value);
          if (this.#bytes + size > this.#perCallBytes || !this.#budget.acquire(size)) {
            this.commit();
            this.#onOverflow();
          } else {
            this.#bytes += size;
          }
        }
      } finally {
        this.#pulling = undefined;
      }
    })();
    return this.#pulling;
  }

  #dropUpTo(position: number): void {
    const drop = position - this.#base;
    if (drop <= 0) return;
    this.#items.splice(0, drop);
    this.#base = position;
  }
}
