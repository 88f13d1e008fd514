/**
 * A FIFO of received messages with byte accounting, so the reader can pause the HTTP/2 stream
 * (and with it the peer, through flow control) when the consumer falls behind.
 */
export class MessageQueue<T> {
  // made on first push as one-element literals: a unary call's queue never grows past one
  #items: T[] | undefined;
  #sizes: number[] | undefined;
  #head = 0;
  #bytes = 0;

  /** Messages waiting. */
  get length(): number {
    return this.#items === undefined ? 0 : this.#items.length - this.#head;
  }

  /** Encoded bytes of the messages waiting. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Adds a message of `size` encoded bytes. */
  push(item: T, size: number): void {
    if (this.#items === undefined || this.#sizes === undefined) {
      this.#items = [item];
      this.#sizes = [size];
    } else {
      this.#items.push(item);
      this.#sizes.push(size);
    }
    this.#bytes += size;
  }

  /** Removes and returns the oldest message. Call only when {@link length} > 0. */
  shift(): T {
    const items = this.#items as T[];
    const sizes = this.#sizes as number[];
    const item = items[this.#head] as T;
    this.#bytes -= sizes[this.#head] as number;
    items[this.#head] = undefined as T;
    this.#head++;
    if (this.#head === items.length) {
      this.#items = undefined;
      this.#sizes = undefined;
      this.#head = 0;
    } else if (this.#head >= 1024) {
      this.#items = items.slice(this.#head);
      this.#sizes = sizes.slice(this.#head);
      this.#head = 0;
    }
    return item;
  }

  /** True when the reader should stop pulling from the network. */
  isFull(maxMessages: number, maxBytes: number): boolean {
    return this.length >= maxMessages || this.#bytes >= maxBytes;
  }
}
