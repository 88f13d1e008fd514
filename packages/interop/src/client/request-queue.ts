/**
 * A request stream the case feeds as it goes (ping-pong style): `push` queues a message,
 * `end` half-closes. Iterated once, by the call sending the requests.
 */
export class RequestQueue<T> implements AsyncIterable<T> {
  readonly #items: T[] = [];
  #ended = false;
  #wake: (() => void) | undefined;

  /** Queues `item` to be sent. Ignored after {@link end}. */
  push(item: T): void {
    if (this.#ended) return;
    this.#items.push(item);
    this.#notify();
  }

  /** Ends the stream (the client half-closes once the queued items are sent). Idempotent. */
  end(): void {
    this.#ended = true;
    this.#notify();
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for (;;) {
      if (this.#items.length > 0) yield this.#items.shift() as T;
      else if (this.#ended) return;
      else
        await new Promise<void>((resolve) => {
          this.#wake = resolve;
        });
    }
  }
}
