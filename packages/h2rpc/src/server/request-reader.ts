import type * as http2 from "node:http2";
import { Code } from "../core/code.js";
import { type CompressionName, markArrivedCompressed } from "../core/compression.js";
import type { MessageType } from "../core/definitions.js";
import { RpcError } from "../core/rpc-error.js";
import { decompressMessage } from "../wire/compression-codec.js";
import { createFrameDecoder, type FrameDecoder } from "../wire/framing.js";
import { MessageQueue } from "../wire/message-queue.js";

const queueMaxMessages = 32;
const queueMaxBytes = 1 << 20;

const readerOfStream = Symbol("h2rpc.requestReader");

/** A stream as the reader's shared listeners see it: it points back at its reader. */
type ReaderStream = http2.ServerHttp2Stream & { [readerOfStream]?: RequestReader<unknown> };

/**
 * Reads request messages off one server stream with backpressure: the stream is paused while
 * the handler is behind, which stops the client through HTTP/2 flow control.
 * A framing or decoding error is reported once through `onError`; no garbage reaches the handler.
 */
export class RequestReader<Req> implements AsyncIterableIterator<Req> {
  readonly #stream: http2.ServerHttp2Stream;
  readonly #type: MessageType<Req>;
  readonly #decoder: FrameDecoder;
  readonly #queue = new MessageQueue<Req>();
  readonly #onError: (error: RpcError) => void;
  readonly #compression: CompressionName;
  readonly #maxBytes: number;
  #ended = false;
  #failure: RpcError | undefined;
  #paused = false;
  #streaming = false;
  #waiter: { resolve: (r: IteratorResult<Req>) => void; reject: (e: unknown) => void } | undefined;
  #single: { resolve: (r: Req) => void; reject: (e: unknown) => void } | undefined;

  constructor(
    stream: http2.ServerHttp2Stream,
    type: MessageType<Req>,
    maxReceiveMessageBytes: number,
    streaming: boolean,
    compression: CompressionName,
    onError: (error: RpcError) => void,
  ) {
    this.#stream = stream;
    this.#type = type;
    this.#compression = compression;
    this.#maxBytes = maxReceiveMessageBytes;
    this.#decoder = createFrameDecoder(maxReceiveMessageBytes);
    this.#onError = onError;
    this.#streaming = streaming;
    (stream as ReaderStream)[readerOfStream] = this as RequestReader<unknown>;
    // shared listener functions (no closures per call); 'end' fires once: no once() wrapper
    stream.on("data", RequestReader.#listeners.data);
    stream.on("end", RequestReader.#listeners.end);
  }

  static readonly #listeners = {
    data(this: ReaderStream, chunk: Buffer) {
      const reader = this[readerOfStream];
      if (reader !== undefined) reader.#onData(chunk);
    },
    end(this: ReaderStream) {
      const reader = this[readerOfStream];
      if (reader === undefined) return;
      // node ends the readable side on RST_STREAM too, and only sets rstCode a little later:
      // a request *stream* must not look complete when the client cancelled it.
      if (reader.#streaming) setImmediate(() => reader.#onEnd());
      else reader.#onEnd();
    },
  };

  /** The stream closed: no more events come, so it stops pointing at this reader. */
  detach(): void {
    (this.#stream as ReaderStream)[readerOfStream] = undefined;
  }

  /** Ends reading with `error` (call cancelled or deadline passed); pending and later reads reject with it. */
  abort(error: RpcError): void {
    if (this.#ended || this.#failure !== undefined) return;
    this.#failure = error;
    this.#wake();
  }

  #onData(chunk: Buffer): void {
    if (this.#failure !== undefined || this.#ended) return;
    try {
      this.#decoder.push(chunk, (frame) => {
        let data = frame.data;
        if (frame.compressed) {
          const compression = this.#compression;
          if (compression === "identity") {
            throw new RpcError(Code.INTERNAL, "Compressed message received but the request declared no grpc-encoding");
          }
          data = decompressMessage(compression, data, this.#maxBytes);
        }
        let message: Req;
        try {
          message = this.#type.decode(data);
        } catch (e) {
          throw new RpcError(Code.INTERNAL, "Failed to parse request message", { cause: e });
        }
        if (frame.compressed) markArrivedCompressed(message);
        this.#push(message, frame.data.length);
      });
    } catch (e) {
      this.#fail(RpcError.from(e, Code.INTERNAL));
    }
  }

  #push(message: Req, size: number): void {
    const waiter = this.#waiter;
    if (waiter !== undefined) {
      this.#waiter = undefined;
      waiter.resolve({ value: message, done: false });
      return;
    }
    this.#queue.push(message, size);
    if (this.#single !== undefined) {
      this.#settleSingle();
      return;
    }
    if (!this.#paused && this.#queue.isFull(queueMaxMessages, queueMaxBytes)) {
      this.#paused = true;
      this.#stream.pause();
    }
  }

  #onEnd(): void {
    if (this.#failure !== undefined) return;
    const rstCode = this.#stream.rstCode;
    if (rstCode !== undefined && rstCode !== 0) {
      this.abort(new RpcError(Code.CANCELLED, `Call cancelled by the client (RST_STREAM ${rstCode})`));
      return;
    }
    try {
      this.#decoder.end();
    } catch (e) {
      this.#fail(RpcError.from(e, Code.INTERNAL));
      return;
    }
    this.#ended = true;
    this.#wake();
  }

  #fail(error: RpcError): void {
    if (this.#failure !== undefined) return;
    this.#failure = error;
    this.#wake();
    this.#onError(error);
  }

  #wake(): void {
    this.#settleSingle();
    const waiter = this.#waiter;
    if (waiter === undefined) return;
    this.#waiter = undefined;
    if (this.#failure !== undefined) waiter.reject(this.#failure);
    else waiter.resolve({ value: undefined, done: true });
  }

  /** The next request; done when the client half-closed; rejects if the call failed. */
  next(): Promise<IteratorResult<Req>> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    if (this.#queue.length > 0) {
      const value = this.#queue.shift();
      if (this.#paused && !this.#queue.isFull(queueMaxMessages / 2, queueMaxBytes / 2)) {
        this.#paused = false;
        this.#stream.resume();
      }
      return Promise.resolve({ value, done: false });
    }
    if (this.#ended) return Promise.resolve({ value: undefined, done: true });
    if (this.#waiter !== undefined) return Promise.reject(new Error("Request stream read concurrently"));
    return new Promise((resolve, reject) => {
      this.#waiter = { resolve, reject };
    });
  }

  /** Stops reading (a `break` in the handler); later requests are discarded. */
  return(): Promise<IteratorResult<Req>> {
    if (this.#paused) {
      this.#paused = false;
      this.#stream.resume();
    }
    this.#ended = true;
    return Promise.resolve({ value: undefined, done: true });
  }

  /**
   * Reads the single request of a unary or server-streaming call: settles once the request
   * stream ended (one promise, not one per message).
   * @throws RpcError INTERNAL when the client sent no message or more than one.
   */
  single(): Promise<Req> {
    return new Promise((resolve, reject) => this.whenSingle(resolve, reject));
  }

  /** {@link single} with callbacks: exactly one of them is called, at once if the outcome is known. */
  whenSingle(resolve: (request: Req) => void, reject: (error: unknown) => void): void {
    const verdict = this.#singleVerdict();
    if (verdict === undefined) this.#single = { resolve, reject };
    else if (verdict.ok) resolve(verdict.value);
    else reject(verdict.error);
  }

  /** The outcome of {@link single} once it is known: failed, too many, or ended. */
  #singleVerdict(): { ok: true; value: Req } | { ok: false; error: unknown } | undefined {
    if (this.#failure !== undefined) return { ok: false, error: this.#failure };
    if (this.#queue.length > 1) {
      return {
        ok: false,
        error: new RpcError(Code.INTERNAL, "Client sent more than one request message for a non-client-streaming call"),
      };
    }
    if (!this.#ended) return undefined;
    if (this.#queue.length === 1) return { ok: true, value: this.#queue.shift() as Req };
    return {
      ok: false,
      error: new RpcError(Code.INTERNAL, "Client sent no request message for a non-client-streaming call"),
    };
  }

  #settleSingle(): void {
    const single = this.#single;
    if (single === undefined) return;
    const verdict = this.#singleVerdict();
    if (verdict === undefined) return;
    this.#single = undefined;
    if (verdict.ok) single.resolve(verdict.value);
    else single.reject(verdict.error);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
