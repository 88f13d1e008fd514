import type * as http2 from "node:http2";

/**
 * Writes a call's request frames to its current HTTP/2 stream with backpressure, and keeps them
 * until the call commits (response headers arrive) so a stream the server never processed
 * (REFUSED_STREAM, or above a GOAWAY's last stream id) can be replayed on a new one.
 */
export class RequestWriter {
  readonly #maxReplayBytes: number;
  #stream: http2.ClientHttp2Stream | undefined;
  /** True until the call commits or its request outgrows the replay limit. */
  #replayable = true;
  /** Chunks written to a stream, kept for a replay (made on first need). */
  #replay: Uint8Array[] | undefined;
  #replayBytes = 0;
  /** Chunks not written yet: no stream is attached (the call is waiting for one). */
  #pending: Uint8Array[] | undefined;
  #ended = false;
  #waiter: (() => void) | undefined;

  constructor(maxReplayBytes: number) {
    this.#maxReplayBytes = maxReplayBytes;
  }

  /** True while every frame sent so far is still held for a replay. */
  get canReplay(): boolean {
    return this.#replayable;
  }

  /** Makes `stream` the destination: writes what is buffered, and ends it if the request already ended. */
  attach(stream: http2.ClientHttp2Stream): void {
    this.#stream = stream;
    const replay = this.#replay;
    const pending = this.#pending;
    this.#pending = undefined;
    if (replay !== undefined) for (const chunk of replay) stream.write(chunk);
    if (pending !== undefined) {
      this.#keep(pending);
      for (const chunk of pending) stream.write(chunk);
    }
    if (this.#ended) stream.end();
    this.wake();
  }

  /** The stream is gone (a transparent retry follows): writes wait for the next one. */
  detach(): void {
    this.#stream = undefined;
  }

  /** The call is committed to its stream: no replay any more, drop what was kept. */
  commit(): void {
    this.#replayable = false;
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
      this.#hold(chunks);
      return this.#wait();
    }
    this.#keep(chunks);
    let writable = true;
    for (const c of chunks) writable = stream.write(c);
    return writable ? undefined : this.#wait();
  }

  /**
   * Writes the only request message and ends the request: a unary or server-streaming call's
   * whole request, which never waits (the stream's window is not a reason to hold it back).
   */
  writeLast(chunks: Uint8Array[]): void {
    if (this.#stream === undefined) this.#hold(chunks);
    else this.write(chunks);
    this.end();
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

  #hold(chunks: readonly Uint8Array[]): void {
    if (this.#pending === undefined) this.#pending = [...chunks];
    else this.#pending.push(...chunks);
  }

  #keep(chunks: readonly Uint8Array[]): void {
    if (!this.#replayable) return;
    for (const c of chunks) this.#replayBytes += c.length;
    if (this.#replayBytes > this.#maxReplayBytes) {
      this.commit();
      return;
    }
    if (this.#replay === undefined) this.#replay = [...chunks];
    else this.#replay.push(...chunks);
  }

  #wait(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.#waiter = resolve;
    });
  }
}
