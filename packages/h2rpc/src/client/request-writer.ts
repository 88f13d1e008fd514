import type * as http2 from "node:http2";

/**
 * Writes a call's request frames to its current HTTP/2 stream with backpressure, and keeps them
 * until the call commits (response headers arrive) so a stream the server never processed
 * (REFUSED_STREAM, or above a GOAWAY's last stream id) can be replayed on a new one.
 */
export class RequestWriter {
  readonly #maxReplayBytes: number;
  #stream: http2.ClientHttp2Stream | undefined;
  /** Chunks written to a stream, kept for a replay; undefined once committed or too big. */
  #replay: Uint8Array[] | undefined = [];
  #replayBytes = 0;
  /** Chunks not written yet: no stream is attached (the call is waiting for one). */
  #pending: Uint8Array[] = [];
  #ended = false;
  #waiter: (() => void) | undefined;

  constructor(maxReplayBytes: number) {
    this.#maxReplayBytes = maxReplayBytes;
  }

  /** True while every frame sent so far is still held for a replay. */
  get canReplay(): boolean {
    return this.#replay !== undefined;
  }

  /** Makes `stream` the destination: writes what is buffered, and ends it if the request already ended. */
  attach(stream: http2.ClientHttp2Stream): void {
    this.#stream = stream;
    const chunks = this.#replay === undefined ? this.#pending : [...this.#replay, ...this.#pending];
    const pending = this.#pending;
    this.#pending = [];
    this.#keep(pending);
    if (this.#ended) {
      const last = chunks.length - 1;
      for (let i = 0; i < last; i++) stream.write(chunks[i] as Uint8Array);
      if (last >= 0) stream.end(chunks[last]);
      else stream.end();
    } else {
      for (const chunk of chunks) stream.write(chunk);
    }
    this.wake();
  }

  /** The stream is gone (a transparent retry follows): writes wait for the next one. */
  detach(): void {
    this.#stream = undefined;
  }

  /** The call is committed to its stream: no replay any more, drop what was kept. */
  commit(): void {
    this.#replay = undefined;
    this.#replayBytes = 0;
  }

  /**
   * Writes one message's chunks. Resolves at once, or once the stream can take more
   * (HTTP/2 flow control) or a new stream is attached.
   */
  write(chunks: readonly Uint8Array[]): Promise<void> | undefined {
    const stream = this.#stream;
    if (stream === undefined) {
      this.#pending.push(...chunks);
      return this.#wait();
    }
    this.#keep(chunks);
    let writable = true;
    for (const c of chunks) writable = stream.write(c);
    return writable ? undefined : this.#wait();
  }

  /** Ends the request (half-close) now or when a stream is attached. */
  end(): void {
    this.#ended = true;
    const stream = this.#stream;
    if (stream !== undefined && !stream.destroyed && !stream.writableEnded) stream.end();
  }

  /** Wakes a write waiting on backpressure (stream drained, closed, or call over). */
  wake(): void {
    const w = this.#waiter;
    this.#waiter = undefined;
    w?.();
  }

  #keep(chunks: readonly Uint8Array[]): void {
    if (this.#replay === undefined) return;
    for (const c of chunks) {
      this.#replay.push(c);
      this.#replayBytes += c.length;
    }
    if (this.#replayBytes > this.#maxReplayBytes) this.commit();
  }

  #wait(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.#waiter = resolve;
    });
  }
}
