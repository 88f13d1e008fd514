import type * as http2 from "node:http2";
import type { RpcError } from "../core/rpc-error.js";

/** A call waiting for a stream. */
export interface StreamWaiter {
  /** Builds the request headers as the stream opens (a `grpc-timeout` must be the time left then). */
  readonly headers: () => http2.OutgoingHttpHeaders;
  readonly endStream: boolean;
  /** Fail-fast calls give up when the channel is in transient failure; these wait. */
  readonly waitForReady: boolean;
  resolve(stream: http2.ClientHttp2Stream): void;
  reject(error: RpcError): void;
}

/** FIFO of waiting calls with O(1) removal from the front and by identity. */
export class WaiterQueue {
  #items: (StreamWaiter | undefined)[] = [];
  #head = 0;
  #size = 0;

  /** Waiting calls. */
  get size(): number {
    return this.#size;
  }

  /** Adds a waiter at the back. */
  push(waiter: StreamWaiter): void {
    this.#items.push(waiter);
    this.#size++;
  }

  /** The oldest waiter, without removing it. */
  peek(): StreamWaiter | undefined {
    this.#skipHoles();
    return this.#items[this.#head];
  }

  /** Removes and returns the oldest waiter. */
  shift(): StreamWaiter | undefined {
    this.#skipHoles();
    const w = this.#items[this.#head];
    if (w === undefined) return undefined;
    this.#items[this.#head++] = undefined;
    this.#size--;
    this.#compact();
    return w;
  }

  /** Removes `waiter` wherever it is (a cancelled call). */
  remove(waiter: StreamWaiter): boolean {
    const i = this.#items.indexOf(waiter, this.#head);
    if (i < 0) return false;
    this.#items[i] = undefined;
    this.#size--;
    this.#compact();
    return true;
  }

  /** Removes and returns every waiter matching `predicate`. */
  removeWhere(predicate: (w: StreamWaiter) => boolean): StreamWaiter[] {
    const out: StreamWaiter[] = [];
    for (let i = this.#head; i < this.#items.length; i++) {
      const w = this.#items[i];
      if (w !== undefined && predicate(w)) {
        this.#items[i] = undefined;
        this.#size--;
        out.push(w);
      }
    }
    this.#compact();
    return out;
  }

  #skipHoles(): void {
    while (this.#head < this.#items.length && this.#items[this.#head] === undefined) this.#head++;
  }

  #compact(): void {
    if (this.#size === 0) {
      this.#items = [];
      this.#head = 0;
    } else if (this.#head > 1024 && this.#head > this.#items.length / 2) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
  }
}
