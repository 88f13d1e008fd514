import type * as http2 from "node:http2";
import { Code } from "../core/code.js";
import { type CompressionName, isCompressionName, supportedCompressions } from "../core/compression.js";
import type { MethodDefinition } from "../core/definitions.js";
import { type LongTimeout, setLongTimeout } from "../core/long-timeout.js";
import { Metadata, type MetadataInit } from "../core/metadata.js";
import { RpcError } from "../core/rpc-error.js";
import type { ServerCallContext } from "../core/server-context.js";
import { acceptEncodingHeader } from "../wire/compression-codec.js";
import { grpcContentType, type HeaderBlock, headerNames } from "../wire/header-names.js";
import { writeMetadataHeaders } from "../wire/metadata-headers.js";
import { frameOutgoing } from "../wire/outgoing-frame.js";
import { encodeGrpcMessage } from "../wire/percent-encoding.js";
import { writeStatusDetails } from "../wire/status-details.js";
import { RequestReader } from "./request-reader.js";
import { resetIfStuck, stopReading } from "./stop-reading.js";

/** node's respond() options; `sendDate` is missing from @types/node. */
type RespondOptions = http2.ServerStreamResponseOptions & { sendDate: boolean };
// No `date` header: gRPC peers ignore it and node would format and HPACK-encode one per response.
const respondWithTrailers: RespondOptions = { waitForTrailers: true, sendDate: false };
const respondTrailersOnly: RespondOptions = { endStream: true, sendDate: false };
/** Trailers of a call that ended OK without trailer metadata. */
const okTrailers: HeaderBlock = Object.freeze({ [headerNames.grpcStatus]: "0" });
/** Response headers of a call without header metadata or compression. */
const plainResponseHeaders = Object.freeze({
  [headerNames.status]: 200,
  [headerNames.contentType]: grpcContentType,
  [headerNames.grpcAcceptEncoding]: acceptEncodingHeader,
}) as http2.OutgoingHttpHeaders;

/** Limits and defaults that apply to every call of a server, normalised once. */
export interface ServerCallLimits {
  /** Largest request message accepted (after decompression). */
  maxReceiveMessageBytes: number;
  /** Largest response message sent. */
  maxSendMessageBytes: number;
  /** Response compression unless a handler chooses another. */
  compression: CompressionName;
  /** Response messages smaller than this go uncompressed. */
  compressMinBytes: number;
}

/** What the dispatcher learned from a request's headers. */
export interface ServerCallInit {
  readonly stream: http2.ServerHttp2Stream;
  readonly method: MethodDefinition<unknown, unknown>;
  /** The request's metadata; undefined when it carried none. */
  readonly metadata: Metadata | undefined;
  readonly peer: string;
  readonly timeoutMs: number | undefined;
  readonly requestCompression: CompressionName;
  /** Encodings the client accepts for responses (`grpc-accept-encoding`). */
  readonly acceptedEncodings: ReadonlySet<string>;
  readonly limits: ServerCallLimits;
}

/**
 * The server side of one call on one HTTP/2 stream: the handler's context, the request reader
 * and the response writer. The call ends exactly once, with trailers (or Trailers-Only) carrying
 * the status, or silently when the client went away.
 */
export class ServerCall<Req, Res> implements ServerCallContext {
  readonly method: MethodDefinition<Req, Res>;
  readonly peer: string;
  readonly deadline: number | undefined;
  readonly requestCompression: CompressionName;
  readonly requests: RequestReader<Req>;
  readonly #stream: http2.ServerHttp2Stream;
  readonly #limits: ServerCallLimits;
  // made on first use: most calls never read them
  #metadata: Metadata | undefined;
  #header: Metadata | undefined;
  #trailer: Metadata | undefined;
  #controller: AbortController | undefined;
  #abortReason: RpcError | undefined;
  #headersSent = false;
  #ended = false;
  #timer: LongTimeout | undefined;
  #drainWaiter: (() => void) | undefined;
  #drainListening = false;
  readonly #session: http2.Http2Session | undefined;
  /** The status trailers, once the call ended, until node asks for them. */
  #trailersToSend: HeaderBlock | undefined;
  readonly #acceptedEncodings: ReadonlySet<string>;
  #responseCompression: CompressionName;

  constructor(init: ServerCallInit) {
    const { stream, limits, timeoutMs } = init;
    this.#stream = stream;
    this.method = init.method as MethodDefinition<Req, Res>;
    this.#metadata = init.metadata;
    this.peer = init.peer;
    this.requestCompression = init.requestCompression;
    this.#acceptedEncodings = init.acceptedEncodings;
    this.#limits = limits;
    this.#responseCompression = limits.compression;
    this.requests = new RequestReader(
      stream,
      this.method.requestType,
      limits.maxReceiveMessageBytes,
      this.method.requestStream,
      init.requestCompression,
      (error) => this.end(error),
    );
    if (timeoutMs !== undefined) {
      this.deadline = Date.now() + timeoutMs;
      this.#timer = setLongTimeout(
        () => this.end(new RpcError(Code.DEADLINE_EXCEEDED, "Deadline exceeded")),
        timeoutMs,
      );
    }
    this.#session = stream.session;
    // its stream's 'close' reaches it through the connection's one listener (streamClosed)
    (stream as CallStream)[callOfStream] = this as ServerCall<unknown, unknown>;
  }

  /**
   * The stream of a call closed: a call that had not ended is abandoned (the client went away).
   * The stream's connection calls this from its one 'close' listener.
   */
  static streamClosed(stream: http2.ServerHttp2Stream): void {
    const call = (stream as CallStream)[callOfStream];
    if (call === undefined) return;
    if (!call.#ended) call.#abandon(closedReason(stream, call.#session));
    call.#wakeWriter();
    // node's stream objects live until a full GC; unlinked, the call's objects die young
    (stream as CallStream)[callOfStream] = undefined;
    call.requests.detach();
  }

  // Listener functions shared by every call: each finds its call through a property on the
  // stream, so a call costs no closures for them.
  static readonly #listeners = {
    wantTrailers(this: CallStream) {
      const call = this[callOfStream];
      const trailers = call === undefined ? undefined : call.#trailersToSend;
      if (trailers === undefined) return;
      this.sendTrailers(trailers as http2.OutgoingHttpHeaders);
      stopReading(this);
    },
  };

  /** Aborted when the call ends before the handler finished. */
  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#abortReason !== undefined) this.#controller.abort(this.#abortReason);
    }
    return this.#controller.signal;
  }

  /** The request's metadata. */
  get metadata(): Metadata {
    this.#metadata ??= new Metadata();
    return this.#metadata;
  }

  /** Header metadata to send (before the first message or with the status). */
  get header(): Metadata {
    this.#header ??= new Metadata();
    return this.#header;
  }

  /** Trailer metadata to send with the status. */
  get trailer(): Metadata {
    this.#trailer ??= new Metadata();
    return this.#trailer;
  }

  #abortWith(reason: RpcError): void {
    this.#abortReason = reason;
    this.#controller?.abort(reason);
  }

  /** True once the status was sent or the client went away. */
  get ended(): boolean {
    return this.#ended;
  }

  setResponseCompression(name: CompressionName): void {
    if (!isCompressionName(name)) {
      throw new TypeError(
        `Unsupported compression ${JSON.stringify(name)}: use one of ${supportedCompressions.join(", ")}`,
      );
    }
    if (!this.#headersSent) this.#responseCompression = name;
  }

  sendHeader(extra?: MetadataInit): void {
    if (extra !== undefined) this.header.merge(extra);
    if (!this.#ended) this.#respondHeaders();
  }

  /** The chosen response compression, or identity when the client cannot decode it. */
  #usableCompression(): CompressionName {
    const chosen = this.#responseCompression;
    return chosen === "identity" || this.#acceptedEncodings.has(chosen) ? chosen : "identity";
  }

  #respondHeaders(): void {
    if (this.#headersSent) return;
    this.#headersSent = true;
    this.#responseCompression = this.#usableCompression();
    if (this.#responseCompression === "identity" && (this.#header === undefined || this.#header.size === 0)) {
      this.#stream.respond(plainResponseHeaders, respondWithTrailers); // node copies it
      return;
    }
    const headers: HeaderBlock = { ...plainResponseHeaders };
    if (this.#responseCompression !== "identity") headers[headerNames.grpcEncoding] = this.#responseCompression;
    if (this.#header !== undefined) writeMetadataHeaders(this.#header, headers);
    this.#stream.respond(headers as http2.OutgoingHttpHeaders, respondWithTrailers);
  }

  /**
   * Sends one response message. Returns a promise to wait on while the client's flow-control
   * window is full, else undefined (no promise per message on the fast path).
   * @throws TypeError for a missing message, RpcError RESOURCE_EXHAUSTED past maxSendMessageBytes.
   */
  send(message: unknown): Promise<void> | undefined {
    if (this.#ended) return undefined;
    if (message === undefined || message === null) {
      throw new TypeError(
        `Handler for ${this.method.path} produced ${message}; return a response message (or {} for an empty one)`,
      );
    }
    const limits = this.#limits;
    const chunks = frameOutgoing(
      this.method.responseType,
      message,
      limits.maxSendMessageBytes,
      this.#usableCompression(),
      limits.compressMinBytes,
      "Response",
    );
    this.#respondHeaders();
    const stream = this.#stream;
    let writable = stream.write(chunks[0] as Uint8Array);
    if (chunks.length > 1) writable = stream.write(chunks[1] as Uint8Array);
    if (writable || this.#ended) return undefined;
    if (!this.#drainListening) {
      this.#drainListening = true;
      stream.on("drain", () => this.#wakeWriter());
    }
    return new Promise<void>((resolve) => {
      this.#drainWaiter = resolve;
    });
  }

  /** Ends the call with OK (no argument) or with `error`'s status; later calls are ignored. */
  end(error?: RpcError): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#clearTimer();
    const stream = this.#stream;
    if (error !== undefined) {
      this.requests.abort(error);
      this.#abortWith(error);
    }
    if (stream.destroyed || stream.closed) return;
    const trailers = this.#statusTrailers(error);
    // Trailers-Only only when nothing would be lost: header metadata the handler set is sent as headers.
    if (!this.#headersSent && error !== undefined && (this.#header === undefined || this.#header.size === 0)) {
      this.#headersSent = true;
      trailers[headerNames.status] = 200;
      trailers[headerNames.contentType] = grpcContentType;
      stream.respond(trailers as http2.OutgoingHttpHeaders, respondTrailersOnly);
    } else {
      this.#respondHeaders();
      this.#trailersToSend = trailers;
      stream.on("wantTrailers", ServerCall.#listeners.wantTrailers);
      stream.end();
      // Past its deadline the call is over for both sides: if the client stopped reading and the
      // trailers cannot get out, reset the stream (as grpc-go does) so its buffers are freed. Other
      // failures keep waiting: a slow but live reader still gets the messages and the status.
      if (error?.code === Code.DEADLINE_EXCEEDED) resetIfStuck(stream);
      this.#wakeWriter();
      return;
    }
    this.#wakeWriter();
    stopReading(stream);
  }

  /** The status block: a shared one for a plain OK (node copies it), else built for this call. */
  #statusTrailers(error: RpcError | undefined): HeaderBlock {
    const trailer = this.#trailer;
    if (error === undefined && (trailer === undefined || trailer.size === 0)) return okTrailers;
    const trailers: HeaderBlock = { [headerNames.grpcStatus]: String(error?.code ?? Code.OK) };
    if (error !== undefined) {
      if (error.rawMessage !== "") trailers[headerNames.grpcMessage] = encodeGrpcMessage(error.rawMessage);
      writeStatusDetails(error, trailers);
      const pushback = error.retryPushbackMs;
      if (pushback !== undefined) {
        trailers[headerNames.grpcRetryPushback] = pushback === "never" ? "-1" : String(Math.ceil(pushback));
      }
    }
    if (error !== undefined && error.metadata.size > 0) {
      writeMetadataHeaders(trailer === undefined ? error.metadata : trailer.clone().merge(error.metadata), trailers);
    } else if (trailer !== undefined) {
      writeMetadataHeaders(trailer, trailers);
    }
    return trailers;
  }

  /** The client went away: stop the handler, send nothing. */
  #abandon(reason: RpcError): void {
    this.#ended = true;
    this.#clearTimer();
    this.requests.abort(reason);
    this.#abortWith(reason);
  }

  #clearTimer(): void {
    this.#timer?.clear();
    this.#timer = undefined;
  }

  #wakeWriter(): void {
    const w = this.#drainWaiter;
    this.#drainWaiter = undefined;
    w?.();
  }
}

const callOfStream = Symbol("h2rpc.serverCall");

/** A stream as the call's shared listeners see it: it points back at its call. */
type CallStream = http2.ServerHttp2Stream & { [callOfStream]?: ServerCall<unknown, unknown> };

/** Why a stream closed before the call ended: the client's RST_STREAM, or the connection going away. */
function closedReason(stream: http2.ServerHttp2Stream, session: http2.Http2Session | undefined): RpcError {
  if (stream.rstCode === 8 /* CANCEL */) return new RpcError(Code.CANCELLED, "Call cancelled by the client");
  if (session === undefined || session.destroyed) {
    return new RpcError(Code.UNAVAILABLE, "The connection to the client closed before the call ended");
  }
  return new RpcError(Code.CANCELLED, "Call cancelled by the client");
}
