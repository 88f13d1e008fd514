/**
 * A FIFO of received messages with byte accounting, so the reader can pause the HTTP/2 stream
 * (and with it the peer, through flow control) when the consumer falls behind.
 */
export class MessageQueue<T> {
  #items: T[] = [];
  #sizes: number[] = [];
  #head = 0;
  #bytes = 0;

  /** Messages waiting. */
  get length(): number {
    return this.#items.length - this.#head;
  }

  /** Encoded bytes of the messages waiting. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Adds a message of `size` encoded bytes. */
  push(item: T, size: number): void {
    this.#items.push(item);
    this.#sizes.push(size);
    this.#bytes += size;
  }

  /** Removes and returns the oldest message. Call only when {@link length} > 0. */
  shift(): T {
    const item = this.#items[this.#head] as T;
    this.#bytes -= this.#sizes[this.#head] as number;
    this.#items[this.#head] = undefined as T;
    this.#head++;
    if (this.#head === this.#items.length) {
      this.#items = [];
      this.#sizes = [];
      this.#head = 0;
    } else if (this.#head >= 1024) {
      this.#items = this.#items.slice(this.#head);
      this.#sizes = this.#sizes.slice(this.#head);
      this.#head = 0;
    }
    return item;
  }

  /** True when the reader should stop pulling from the network. */
  isFull(maxMessages: number, maxBytes: number): boolean {
    return this.length >= maxMessages || this.#bytes >= maxBytes;
  }
}
