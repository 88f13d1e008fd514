import * as http2 from "node:http2";
import type { CallOptions } from "../core/call-options.js";
import { Code } from "../core/code.js";
import {
  type CompressionName,
  isCompressionName,
  markArrivedCompressed,
  supportedCompressions,
} from "../core/compression.js";
import type { DeepPartial, MessageType, MethodDefinition } from "../core/definitions.js";
import { type LongTimeout, setLongTimeout } from "../core/long-timeout.js";
import { type Metadata, toMetadata } from "../core/metadata.js";
import { RpcError } from "../core/rpc-error.js";
import type { StreamOpener } from "../transport/channel.js";
import { closeReasonOf, resetStream } from "../transport/client-session.js";
import { currentCallScope } from "../wire/call-scope.js";
import { type CallStatus, resolveCallStatus } from "../wire/call-status.js";
import { acceptEncodingHeader, decompressMessage } from "../wire/compression-codec.js";
import { createFrameDecoder, type FrameDecoder } from "../wire/framing.js";
import { grpcContentType, type HeaderBlock, headerNames, isGrpcContentType } from "../wire/header-names.js";
import { MessageQueue } from "../wire/message-queue.js";
import { readMetadataHeaders, writeMetadataHeaders } from "../wire/metadata-headers.js";
import { frameOutgoing } from "../wire/outgoing-frame.js";
import { encodeTimeout } from "../wire/timeout.js";
import { callDeadline } from "./call-deadline.js";
import { RequestWriter } from "./request-writer.js";
import { noResponse, tooManyResponses } from "./unary-response.js";
import { userAgent } from "./user-agent.js";

const { NGHTTP2_CANCEL, NGHTTP2_REFUSED_STREAM } = http2.constants;
/** Request bytes kept for a transparent retry; a bigger request stream cannot be retried. */
const transparentRetryBufferBytes = 1 << 20;
/** After its deadline, how long a fully sent call's stream may wait for the server to end it before a reset. */
const deadlineResetGraceMs = 2000;
/** Transparent retries of one call before its REFUSED_STREAM is reported. */
const maxTransparentRetries = 5;
/** Pause reading once this many messages wait for the consumer... */
const queueMaxMessages = 32;
/** ...or this many bytes. */
const queueMaxBytes = 1 << 20;

/** Limits that apply to one call, normalised by the client. */
export interface CallLimits {
  /** Largest response message accepted. */
  maxReceiveMessageBytes: number;
  /** Largest request message sent. */
  maxSendMessageBytes: number;
  /** Request messages smaller than this go uncompressed. */
  compressMinBytes: number;
}

/** The requests of a call: a single message (unary, server streaming) or a stream of them. */
export type CallInput<Req> =
  | { single: true; message: DeepPartial<Req> }
  | { single: false; messages: AsyncIterable<DeepPartial<Req>> | Iterable<DeepPartial<Req>> };

/** Per channel and method path: the request headers of a call without metadata, deadline or compression. */
const plainHeaders = new WeakMap<StreamOpener, Map<string, http2.OutgoingHttpHeaders>>();

function plainRequestHeaders(opener: StreamOpener, path: string): http2.OutgoingHttpHeaders {
  let byPath = plainHeaders.get(opener);
  if (byPath === undefined) {
    byPath = new Map();
    plainHeaders.set(opener, byPath);
  }
  let headers = byPath.get(path);
  if (headers === undefined) {
    headers = Object.freeze({
      [headerNames.method]: "POST",
      [headerNames.path]: path,
      [headerNames.scheme]: opener.scheme,
      [headerNames.authority]: opener.authority,
      [headerNames.contentType]: grpcContentType,
      [headerNames.te]: "trailers",
      [headerNames.userAgent]: userAgent,
      [headerNames.grpcAcceptEncoding]: acceptEncodingHeader,
    });
    byPath.set(path, headers);
  }
  return headers;
}

const callOfStream = Symbol("h2rpc.clientCall");

/** A stream as the call's shared listeners see it: it points back at its call. */
type CallStream = http2.ClientHttp2Stream & { [callOfStream]?: ClientCall<unknown, unknown> };

/**
 * One client call on one HTTP/2 stream, for every call kind: sends the requests with
 * backpressure, decodes the responses, and settles the final status once.
 * Iterating it yields the response messages and throws the RpcError of a failed call.
 */
export class ClientCall<Req, Res> implements AsyncIterableIterator<Res> {
  readonly #opener: StreamOpener;
  readonly #method: MethodDefinition<Req, Res>;
  readonly #options: CallOptions;
  readonly #limits: CallLimits;
  readonly #decoder: FrameDecoder;
  readonly #queue = new MessageQueue<Res>();
  #compression: CompressionName = "identity";
  #responseEncoding: string | undefined;
  #stream: http2.ClientHttp2Stream | undefined;
  #session: http2.Http2Session | undefined;
  readonly #writer = new RequestWriter(transparentRetryBufferBytes);
  #requestHeaders: http2.OutgoingHttpHeaders | undefined;
  #deadline: number | undefined;
  #transparentRetries = 0;
  #waitAbort: AbortController | undefined;
  #paused = false;
  #status: CallStatus | undefined;
  #localError: RpcError | undefined;
  #headers: HeaderBlock | undefined;
  #headersEndedStream = false;
  /** Set once gRPC response headers (200, application/grpc) arrived: only then is the body decoded. */
  #decodeBody = false;
  /** Body bytes node delivered before the 'response' event (it emits headers on a later tick). */
  #earlyChunks: Buffer[] | undefined;
  #trailers: HeaderBlock | undefined;
  #rawStatusBlock: string[] | undefined;
  #transportError: Error | undefined;
  #streamResetByPeer = false;
  #waiter: { resolve: (r: IteratorResult<Res>) => void; reject: (e: unknown) => void } | undefined;
  #single: { resolve: (r: Res) => void; reject: (e: unknown) => void } | undefined;
  #timer: LongTimeout | undefined;
  #abortListener: (() => void) | undefined;
  #signal: AbortSignal | undefined;

  #settledWaiters: ((status: CallStatus) => void)[] | undefined;
  /** True when requests are pumped from a stream (the writer may wait for 'drain'). */
  #streamingRequest = false;
  readonly #previousAttempts: number;

  /** @param previousAttempts attempts of the same call before this one (retries, hedging), sent as grpc-previous-rpc-attempts. */
  constructor(
    opener: StreamOpener,
    method: MethodDefinition<Req, Res>,
    options: CallOptions,
    limits: CallLimits,
    previousAttempts = 0,
  ) {
    this.#previousAttempts = previousAttempts;
    this.#opener = opener;
    this.#method = method;
    this.#options = options;
    this.#limits = limits;
    this.#decoder = createFrameDecoder(limits.maxReceiveMessageBytes);
  }

  /** Starts the call. Errors never throw here; they settle the call's status. */
  start(input: CallInput<Req>): this {
    const parent = this.#options.parent ?? (this.#options.propagate === false ? undefined : currentCallScope());
    const ownSignal = this.#options.signal;
    const signal =
      parent === undefined
        ? ownSignal
        : ownSignal === undefined
          ? parent.signal
          : AbortSignal.any([ownSignal, parent.signal]);
    this.#signal = signal;
    if (signal?.aborted) {
      this.#settle({ code: Code.CANCELLED, error: cancelledError(signal) });
      return this;
    }
    let deadline: number | undefined;
    let metadata: Metadata | undefined;
    try {
      deadline = callDeadline(this.#options);
      if (parent?.deadline !== undefined) deadline = Math.min(deadline ?? parent.deadline, parent.deadline);
      if (this.#options.metadata !== undefined) metadata = toMetadata(this.#options.metadata);
    } catch (e) {
      this.#settle({ code: Code.INVALID_ARGUMENT, error: RpcError.from(e, Code.INVALID_ARGUMENT) });
      return this;
    }
    const compression = this.#options.compression ?? "identity";
    if (!isCompressionName(compression)) {
      const error = new RpcError(
        Code.INVALID_ARGUMENT,
        `Unsupported compression ${JSON.stringify(compression)}: use one of ${supportedCompressions.join(", ")}`,
      );
      this.#settle({ code: Code.INVALID_ARGUMENT, error });
      return this;
    }
    this.#compression = compression;
    const plain =
      deadline === undefined &&
      compression === "identity" &&
      this.#previousAttempts === 0 &&
      (metadata === undefined || metadata.size === 0);
    // a call with nothing of its own shares its method's header block (node copies it)
    const base = plainRequestHeaders(this.#opener, this.#method.path);
    const headers = plain ? base : { ...base };
    if (this.#previousAttempts > 0) headers[headerNames.grpcPreviousAttempts] = String(this.#previousAttempts);
    if (compression !== "identity") headers[headerNames.grpcEncoding] = compression;
    if (deadline !== undefined) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        this.#settle({ code: Code.DEADLINE_EXCEEDED, error: deadlineError() });
        return this;
      }
      this.#deadline = deadline;
      this.#timer = setLongTimeout(() => this.#cancel(deadlineError()), remaining);
    }
    if (metadata !== undefined && !plain) writeMetadataHeaders(metadata, headers as HeaderBlock);
    if (signal !== undefined) {
      this.#abortListener = () => this.#cancel(cancelledError(signal));
      signal.addEventListener("abort", this.#abortListener, { once: true });
    }
    this.#requestHeaders = headers;
    if (input.single) {
      const chunks = this.#encode(input.message);
      if (chunks === undefined) return this;
      this.#writer.writeLast(chunks);
    }
    this.#streamingRequest = !input.single;
    this.#attempt(input.single ? undefined : input.messages);
    return this;
  }

  /**
   * Opens a stream for the call (at once when a session has room, else after waiting) and
   * attaches it. Runs again for a transparent retry; `messages` starts the request pump once.
   */
  #attempt(messages?: AsyncIterable<DeepPartial<Req>> | Iterable<DeepPartial<Req>>): void {
    const stream = this.#opener.tryOpenStream(this.#headersNow(), false);
    if (stream !== undefined) {
      this.#attach(stream, messages);
      return;
    }
    this.#waitAbort = new AbortController();
    const headersNow = () => this.#headersNow();
    this.#opener.waitForStream(headersNow, false, this.#options.waitForReady === true, this.#waitAbort.signal).then(
      (s) => this.#attach(s, messages),
      (e: unknown) => {
        if (this.#status === undefined) this.#settleFromError(RpcError.from(e, Code.UNAVAILABLE));
      },
    );
  }

  /** The request headers, with the time left until the deadline as of now. */
  #headersNow(): http2.OutgoingHttpHeaders {
    const headers = this.#requestHeaders as http2.OutgoingHttpHeaders;
    if (this.#deadline !== undefined) {
      headers[headerNames.grpcTimeout] = encodeTimeout(this.#deadline - Date.now());
    }
    return headers;
  }

  #attach(stream: http2.ClientHttp2Stream, messages?: AsyncIterable<DeepPartial<Req>> | Iterable<DeepPartial<Req>>) {
    this.#waitAbort = undefined;
    if (this.#status !== undefined || this.#localError !== undefined) {
      stream.on("error", () => {});
      resetStream(stream, NGHTTP2_CANCEL);
      if (this.#status === undefined && this.#localError !== undefined) this.#settleFromError(this.#localError);
      return;
    }
    this.#stream = stream;
    this.#session = stream.session;
    this.#listen(stream);
    this.#writer.attach(stream);
    if (messages !== undefined) {
      this.#pump(messages).catch((e: unknown) => this.#cancel(RpcError.from(e, Code.INTERNAL)));
    }
  }

  // One set of listener functions for every stream: each finds its call through a property on the
  // stream, so a call costs no closures for them (memory per in-flight call is an issue target).
  static readonly #listeners = {
    response(this: CallStream, headers: HeaderBlock, flags: number, rawHeaders: string[]) {
      const call = this[callOfStream];
      if (call !== undefined) call.#onResponse(headers, flags, rawHeaders);
    },
    data(this: CallStream, chunk: Buffer) {
      const call = this[callOfStream];
      if (call !== undefined) call.#onData(chunk);
    },
    trailers(this: CallStream, trailers: HeaderBlock, _flags: number, rawTrailers: string[]) {
      const call = this[callOfStream];
      if (call === undefined) return;
      call.#trailers = trailers;
      call.#rawStatusBlock = rawTrailers;
    },
    error(this: CallStream, error: Error & { code?: string }) {
      const call = this[callOfStream];
      if (call === undefined) return;
      if (error.code === "ERR_HTTP2_STREAM_ERROR") call.#streamResetByPeer = true;
      else call.#transportError ??= error;
    },
    drain(this: CallStream) {
      const call = this[callOfStream];
      if (call !== undefined) call.#writer.wake();
    },
    // 'end' and 'close' fire once per stream: plain listeners, no once() wrappers
    end(this: CallStream) {
      const call = this[callOfStream];
      if (call !== undefined) call.#onResponseEnd(this);
    },
    close(this: CallStream) {
      const call = this[callOfStream];
      if (call !== undefined) call.#onClose(this);
    },
  };

  #listen(stream: http2.ClientHttp2Stream): void {
    const listeners = ClientCall.#listeners;
    (stream as CallStream)[callOfStream] = this as ClientCall<unknown, unknown>;
    stream.on("response", listeners.response);
    stream.on("data", listeners.data);
    stream.on("trailers", listeners.trailers);
    stream.on("error", listeners.error);
    if (this.#streamingRequest) stream.on("drain", listeners.drain); // a single request is written at once
    stream.on("end", listeners.end);
    stream.on("close", listeners.close);
  }

  #onResponse(headers: HeaderBlock, flags: number, rawHeaders: string[]): void {
    this.#writer.commit();
    this.#headers = headers;
    this.#headersEndedStream = (flags & http2.constants.NGHTTP2_FLAG_END_STREAM) !== 0;
    const encoding = headers[headerNames.grpcEncoding];
    this.#responseEncoding = typeof encoding === "string" ? encoding.toLowerCase() : undefined;
    if (this.#headersEndedStream) {
      this.#rawStatusBlock = rawHeaders;
      return;
    }
    if (Number(headers[headerNames.status]) !== 200 || !isGrpcContentType(headers[headerNames.contentType])) {
      return; // not gRPC: the body is not decoded; the status comes from the HTTP status at close
    }
    this.#decodeBody = true;
    if (this.#options.onHeader !== undefined) {
      try {
        this.#options.onHeader(readMetadataHeaders(rawHeaders));
      } catch (e) {
        this.#cancel(RpcError.from(e, Code.INTERNAL));
      }
    }
    const early = this.#earlyChunks;
    this.#earlyChunks = undefined;
    if (early !== undefined) for (const chunk of early) this.#onData(chunk);
  }

  #onData(chunk: Buffer): void {
    if (this.#headers === undefined) {
      this.#earlyChunks ??= [];
      this.#earlyChunks.push(chunk);
      return;
    }
    if (!this.#decodeBody || this.#status !== undefined || this.#localError !== undefined) return;
    try {
      this.#decoder.push(chunk, (frame) => {
        const data = frame.compressed ? this.#decompress(frame.data) : frame.data;
        let message: Res;
        try {
          message = this.#method.responseType.decode(data);
        } catch (e) {
          throw new RpcError(Code.INTERNAL, `Failed to parse response message: ${(e as Error).message}`, { cause: e });
        }
        if (frame.compressed) markArrivedCompressed(message);
        this.#deliver(message, frame.data.length);
      });
    } catch (e) {
      this.#cancel(RpcError.from(e, Code.INTERNAL));
    }
  }

  #decompress(data: Uint8Array): Uint8Array {
    const encoding = this.#responseEncoding;
    if (encoding === undefined || encoding === "identity") {
      throw new RpcError(Code.INTERNAL, "Received a compressed message but the response declared no grpc-encoding");
    }
    if (encoding !== "gzip" && encoding !== "deflate") {
      throw new RpcError(
        Code.INTERNAL,
        `Response uses grpc-encoding ${JSON.stringify(encoding)}, which h2rpc cannot decode`,
      );
    }
    return decompressMessage(encoding, data, this.#limits.maxReceiveMessageBytes);
  }

  #deliver(message: Res, size: number): void {
    if (this.#single !== undefined && this.#queue.length > 0) {
      this.#cancel(new RpcError(Code.INTERNAL, tooManyResponses));
      return;
    }
    const waiter = this.#waiter;
    if (waiter !== undefined) {
      this.#waiter = undefined;
      waiter.resolve({ value: message, done: false });
      return;
    }
    this.#queue.push(message, size);
    if (!this.#paused && this.#queue.isFull(queueMaxMessages, queueMaxBytes)) {
      this.#paused = true;
      this.#stream?.pause();
    }
  }

  /** The server finished its response: settle now, even if we are still sending, and release the stream. */
  #onResponseEnd(stream: http2.ClientHttp2Stream): void {
    if (this.#status !== undefined || (this.#trailers === undefined && !this.#headersEndedStream)) return;
    this.#onClose(stream);
    // Still sending: stop (RST_STREAM NO_ERROR). A stream whose request ended closes by itself;
    // resetting every finished stream would trip the server's rapid-reset protection.
    if (!stream.closed && !stream.destroyed && !stream.writableEnded)
      resetStream(stream, http2.constants.NGHTTP2_NO_ERROR);
  }

  #onClose(stream: http2.ClientHttp2Stream): void {
    if (this.#status !== undefined || stream !== this.#stream) return;
    if (this.#isTransparentRetry(stream)) {
      this.#transparentRetries++;
      (stream as CallStream)[callOfStream] = undefined;
      this.#stream = undefined;
      this.#streamResetByPeer = false;
      this.#transportError = undefined;
      this.#writer.detach();
      this.#attempt();
      return;
    }
    const session = this.#session;
    const sessionGone = session === undefined || session.destroyed || session.closed;
    if (this.#localError === undefined && this.#trailers !== undefined && this.#decoder.pendingBytes > 0) {
      this.#localError = new RpcError(Code.INTERNAL, "Response ended in the middle of a message (truncated)");
    }
    const status = resolveCallStatus({
      localError: this.#localError,
      headers: this.#headers,
      headersEndedStream: this.#headersEndedStream,
      trailers: this.#trailers,
      rawStatusBlock: this.#rawStatusBlock,
      rstCode: this.#streamResetByPeer || !sessionGone ? stream.rstCode : undefined,
      transportError: sessionGone
        ? (closeReasonOf(session) ?? this.#transportError ?? new Error("the connection closed"))
        : this.#transportError,
    });
    this.#settle(status);
  }

  /**
   * A stream the server never processed (REFUSED_STREAM, which node also reports for streams
   * above a GOAWAY's last stream id) is retried on another stream, whatever the retry policy,
   * as long as nothing of the response arrived and every request frame is still held.
   */
  #isTransparentRetry(stream: http2.ClientHttp2Stream): boolean {
    return (
      this.#localError === undefined &&
      this.#headers === undefined &&
      stream.rstCode === NGHTTP2_REFUSED_STREAM &&
      this.#writer.canReplay &&
      this.#transparentRetries < maxTransparentRetries
    );
  }

  async #pump(messages: AsyncIterable<DeepPartial<Req>> | Iterable<DeepPartial<Req>>): Promise<void> {
    const iterator =
      Symbol.asyncIterator in messages
        ? (messages as AsyncIterable<DeepPartial<Req>>)[Symbol.asyncIterator]()
        : (messages as Iterable<DeepPartial<Req>>)[Symbol.iterator]();
    let finished = false;
    try {
      while (this.#status === undefined && this.#localError === undefined) {
        const next = await iterator.next();
        if (next.done) {
          finished = true;
          break;
        }
        if (this.#status !== undefined || this.#localError !== undefined) break;
        const chunks = this.#encode(next.value);
        if (chunks === undefined) break;
        const wait = this.#writer.write(chunks);
        if (wait !== undefined && this.#status === undefined) await wait;
      }
    } catch (e) {
      this.#cancel(RpcError.from(e, Code.CANCELLED));
      return;
    }
    if (finished) {
      if (this.#status === undefined) this.#writer.end();
    } else {
      await iterator.return?.();
    }
  }

  /** The framed chunks of one request message, or undefined when the call failed on it. */
  #encode(message: DeepPartial<Req>): Uint8Array[] | undefined {
    const limits = this.#limits;
    try {
      return frameOutgoing(
        this.#method.requestType as MessageType<unknown>,
        message,
        limits.maxSendMessageBytes,
        this.#compression,
        limits.compressMinBytes,
        "Request",
      );
    } catch (e) {
      this.#cancel(
        e instanceof RpcError
          ? e
          : new RpcError(Code.INTERNAL, `Failed to serialize request: ${(e as Error).message}`, { cause: e }),
      );
      return undefined;
    }
  }

  /** Ends the call locally (cancel, deadline, local error): resets the stream with CANCEL. */
  #cancel(error: RpcError): void {
    if (this.#status !== undefined || this.#localError !== undefined) return;
    this.#localError = error;
    const stream = this.#stream;
    if (stream === undefined) {
      this.#waitAbort?.abort(error); // leave the channel's queue
      this.#settleFromError(error); // a stream that still arrives is closed by #attach
      return;
    }
    if (stream.destroyed || stream.closed) {
      this.#onClose(stream);
      return;
    }
    if (error.code === Code.DEADLINE_EXCEEDED && stream.writableEnded) {
      this.#expireWithoutReset(stream, error);
      return;
    }
    resetStream(stream, NGHTTP2_CANCEL);
  }

  /**
   * The deadline passed after the whole request was sent: the server got the same grpc-timeout and
   * ends the stream itself, so settle now and leave the stream to finish instead of resetting it.
   * Every reset counts against the server's rapid-reset limit (nghttp2 on Node 20 closes a connection
   * past 33 resets a second), so deadlines under load must not cost one each. A server that ignores
   * grpc-timeout still gets a reset after a grace period.
   */
  #expireWithoutReset(stream: http2.ClientHttp2Stream, error: RpcError): void {
    this.#settleFromError(error);
    if (this.#paused) stream.resume();
    const timer = setTimeout(() => {
      if (!stream.closed && !stream.destroyed) resetStream(stream, NGHTTP2_CANCEL);
    }, deadlineResetGraceMs);
    timer.unref();
    stream.once("close", () => clearTimeout(timer));
  }

  #settleFromError(error: RpcError): void {
    this.#settle({ code: error.code as Exclude<Code, 0>, error: this.#localError ?? error });
  }

  #settle(status: CallStatus): void {
    if (this.#status !== undefined) return;
    this.#status = status;
    // node's stream objects live until a full GC; unlinked, the call's objects die young
    const stream = this.#stream as CallStream | undefined;
    if (stream !== undefined) stream[callOfStream] = undefined;
    const settledWaiters = this.#settledWaiters;
    this.#settledWaiters = undefined;
    if (settledWaiters !== undefined) for (const w of settledWaiters) w(status);
    this.#timer?.clear();
    if (this.#abortListener !== undefined) this.#signal?.removeEventListener("abort", this.#abortListener);
    this.#writer.wake();
    const trailers = status.code === Code.OK ? status.metadata : status.error.metadata;
    if (this.#options.onTrailer !== undefined) {
      try {
        this.#options.onTrailer(trailers);
      } catch {
        // a throwing callback must not lose the call's status
      }
    }
    const single = this.#single;
    if (single !== undefined) {
      this.#single = undefined;
      this.#settleSingle(single, status);
    }
    const waiter = this.#waiter;
    if (waiter !== undefined && this.#queue.length === 0) {
      this.#waiter = undefined;
      if (status.code === Code.OK) waiter.resolve({ value: undefined, done: true });
      else waiter.reject(status.error);
    }
  }

  /**
   * The one response of a unary or client-streaming call, once the call ended: one promise per
   * call instead of an iterator's two. Rejects with the status, or INTERNAL for zero or two responses.
   */
  single(): Promise<Res> {
    const status = this.#status;
    if (status !== undefined) {
      return new Promise((resolve, reject) => this.#settleSingle({ resolve, reject }, status));
    }
    if (this.#waiter !== undefined || this.#single !== undefined) {
      return Promise.reject(new Error("single() called while the response is already being read"));
    }
    return new Promise((resolve, reject) => {
      this.#single = { resolve, reject };
    });
  }

  #settleSingle(single: { resolve: (r: Res) => void; reject: (e: unknown) => void }, status: CallStatus): void {
    if (status.code !== Code.OK) single.reject(status.error);
    else if (this.#queue.length === 1) single.resolve(this.#queue.shift() as Res);
    else if (this.#queue.length === 0) single.reject(new RpcError(Code.INTERNAL, noResponse));
    else single.reject(new RpcError(Code.INTERNAL, tooManyResponses));
  }

  /** Resolves with the final status once the call ended (never rejects). */
  settled(): Promise<CallStatus> {
    if (this.#status !== undefined) return Promise.resolve(this.#status);
    return new Promise((resolve) => {
      this.#settledWaiters ??= [];
      this.#settledWaiters.push(resolve);
    });
  }

  /** True once response headers (not Trailers-Only) arrived: the call is committed to this attempt. */
  get receivedHeaders(): boolean {
    return this.#headers !== undefined && !this.#headersEndedStream;
  }

  /**
   * The server's `grpc-retry-pushback-ms`: milliseconds to wait before a retry, `"never"` when the
   * server asked not to retry (a negative or malformed value), undefined when absent.
   */
  get retryPushback(): number | "never" | undefined {
    const block = this.#trailers ?? (this.#headersEndedStream ? this.#headers : undefined);
    const raw = block?.[headerNames.grpcRetryPushback];
    if (raw === undefined) return undefined;
    const text = Array.isArray(raw) ? raw[0] : String(raw);
    return text !== undefined && /^\d{1,9}$/.test(text) ? Number(text) : "never";
  }

  /** The next response message; throws the call's RpcError when it failed. */
  next(): Promise<IteratorResult<Res>> {
    if (this.#queue.length > 0) {
      const value = this.#queue.shift();
      if (this.#paused && !this.#queue.isFull(queueMaxMessages / 2, queueMaxBytes / 2)) {
        this.#paused = false;
        this.#stream?.resume();
      }
      return Promise.resolve({ value, done: false });
    }
    const status = this.#status;
    if (status !== undefined) {
      return status.code === Code.OK ? Promise.resolve({ value: undefined, done: true }) : Promise.reject(status.error);
    }
    if (this.#waiter !== undefined) return Promise.reject(new Error("next() called before the previous call settled"));
    return new Promise((resolve, reject) => {
      this.#waiter = { resolve, reject };
    });
  }

  /** Stops reading: cancels the call if it is still running (a `break` out of `for await`). */
  return(): Promise<IteratorResult<Res>> {
    if (this.#status === undefined) this.#cancel(new RpcError(Code.CANCELLED, "Call cancelled by the client"));
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

function deadlineError(): RpcError {
  return new RpcError(Code.DEADLINE_EXCEEDED, "Deadline exceeded");
}

function cancelledError(signal: AbortSignal): RpcError {
  const reason: unknown = signal.reason;
  if (reason instanceof RpcError) return reason;
  return new RpcError(Code.CANCELLED, "Call cancelled by the client", { cause: reason });
}
