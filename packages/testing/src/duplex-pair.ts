import { Duplex } from "node:stream";

/**
 * One end of an in-memory connection. What is written to it is read from its peer, with
 * backpressure: a write completes only once the peer's reader has room for it.
 */
class PairEnd extends Duplex {
  #peer: PairEnd | undefined;
  /** The callback of our write that waits for the peer's reader to want more. */
  #pendingWrite: (() => void) | undefined;

  connect(peer: PairEnd): void {
    this.#peer = peer;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    const peer = this.#peer as PairEnd;
    if (peer.destroyed || peer.readableEnded) {
      callback(peerGone("EPIPE", "write after the other end of the duplex pair closed"));
      return;
    }
    if (chunk.length === 0 || peer.push(chunk)) callback();
    else this.#pendingWrite = () => callback();
  }

  override _read(): void {
    // our reader wants more: let the peer's waiting write complete
    const peer = this.#peer as PairEnd;
    const pending = peer.#pendingWrite;
    peer.#pendingWrite = undefined;
    pending?.();
  }

  override _final(callback: (error?: Error | null) => void): void {
    // end of our writes is end of the peer's reads; finish once the peer read everything (or vanished)
    const peer = this.#peer as PairEnd;
    if (peer.destroyed || peer.readableEnded) {
      callback();
      return;
    }
    const done = () => {
      peer.off("end", done);
      peer.off("close", done);
      callback();
    };
    peer.once("end", done);
    peer.once("close", done);
    peer.push(null);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#pendingWrite = undefined;
    const peer = this.#peer as PairEnd;
    // a vanished peer: the other end closes too (with ECONNRESET when this end failed)
    if (!peer.destroyed) {
      process.nextTick(() => {
        if (peer.destroyed) return;
        peer.destroy(
          error === null ? undefined : peerGone("ECONNRESET", "the other end of the duplex pair failed", error),
        );
      });
    }
    callback(error);
  }
}

function peerGone(code: string, message: string, cause?: Error): Error {
  const error = new Error(cause === undefined ? message : `${message}: ${cause.message}`, { cause });
  return Object.assign(error, { code });
}

/**
 * Two connected in-memory byte streams, like the two sockets of a TCP connection (Node 22's
 * `stream.duplexPair`, for Node 20): bytes written to one are read from the other.
 *
 * - Backpressure: a write completes only when the other end's reader has room (its
 *   `readableHighWaterMark`), so a stalled reader stalls the writer.
 * - `end()` on one end ends the other's readable once everything written was read.
 * - `destroy()` on one end destroys the other on the next tick, like a vanished peer: with an
 *   ECONNRESET error when the first end was destroyed with an error, else plainly ('close').
 *   Bytes the other end had not read yet are dropped; `end()` first to deliver them.
 * - Writing after the other end closed fails with EPIPE.
 */
export function createDuplexPair(): [Duplex, Duplex] {
  const a = new PairEnd();
  const b = new PairEnd();
  a.connect(b);
  b.connect(a);
  return [a, b];
}
