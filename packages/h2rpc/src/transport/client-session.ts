import * as http2 from "node:http2";
import { Code } from "../core/code.js";
import { RpcError } from "../core/rpc-error.js";
import { setConnectionWindow } from "../wire/connection-window.js";
import { type CountedSocket, socketBytes } from "../wire/socket-bytes.js";
import type { SessionCounters } from "./channel-stats.js";
import type { KeepalivePolicy } from "./keepalive.js";
import { ResetBudget } from "./reset-budget.js";

const closeReasons = new WeakMap<http2.Http2Session, RpcError>();
const owners = new WeakMap<http2.Http2Session, ClientSession>();
/**
 * Resets a session may still need for its open streams beyond one each: the server refills in
 * whole seconds (up to 33 behind our copy) and a few resets escape the count (node's own).
 */
const resetReserve = 100;

/**
 * node's request options, complete: node copies them and fills in the priority defaults, and an
 * object that already has every field costs no property additions per stream.
 */
const requestKeepingStreamOpen = Object.freeze({
  endStream: false,
  weight: 16,
  parent: 0,
  exclusive: false,
  silent: false,
});
const requestEndingStream = Object.freeze({ ...requestKeepingStreamOpen, endStream: true });

const sessionOfStream = Symbol("h2rpc.clientSession");

/** A stream as the session's shared 'close' listener sees it: it points back at its session. */
type SessionStream = http2.ClientHttp2Stream & { [sessionOfStream]?: ClientSession };

/**
 * Cancels `stream` with RST_STREAM `code` and charges the reset to its h2rpc session's budget
 * (see {@link ClientSession.resetStream}). Does nothing to a closed stream.
 */
export function resetStream(stream: http2.ClientHttp2Stream, code: number): void {
  const session = stream.session;
  const owner = session === undefined ? undefined : owners.get(session);
  if (owner !== undefined) owner.resetStream(stream, code);
  else stream.close(code);
}

/** Why an h2rpc client session ended (keepalive timeout, GOAWAY, connect failure), for its calls' errors. */
export function closeReasonOf(session: http2.Http2Session | undefined): RpcError | undefined {
  return session === undefined ? undefined : closeReasons.get(session);
}

/** Lifecycle of one HTTP/2 session: connecting → ready → draining → closed. */
export type SessionState = "connecting" | "ready" | "draining" | "closed";

/** How a channel connects one session and what it needs to hear back. */
export interface ClientSessionOptions {
  /**
   * Opens the HTTP/2 session (h2c or TLS, TCP or unix socket). The socket it makes must report its
   * errors to `onSocketError`: node does not always surface a failed TLS handshake on the session,
   * and pass itself to `onSocket` (for the byte counters).
   */
  connect: (
    onSocketError: (error: Error) => void,
    onSocket: (socket: CountedSocket) => void,
  ) => http2.ClientHttp2Session;
  /** The channel's counters, shared by its sessions. */
  counters: SessionCounters;
  /** Where it connects, for error messages. */
  where: string;
  /** True over TLS (error messages say what to check). */
  tls: boolean;
  /** The connection's receive window, bytes (set once connected). */
  connectionWindowSizeBytes: number;
  /** Give up when the server's SETTINGS have not arrived after this long, ms. */
  connectTimeoutMs: number;
  /** Close the session after this long without streams, ms (Infinity: never). */
  idleTimeoutMs: number;
  /** Most streams this client opens on the session, below the server's own limit. */
  maxStreams: number;
  /** Keepalive pings, shared with the channel's other sessions. */
  keepalive: KeepalivePolicy;
  /** Called when the state changes, and when a stream closes (capacity freed). */
  onChange: (session: ClientSession) => void;
}

/**
 * One client HTTP/2 session as a small state machine. It is `ready` once the server's SETTINGS
 * arrived (so its stream limit is known), `draining` after GOAWAY or an idle timeout, `closed` at
 * the end. The socket is `ref`ed only while calls are active, so an idle client never keeps the
 * process alive. Keepalive pings detect a dead peer.
 */
export class ClientSession {
  #state: SessionState = "connecting";
  readonly #session: http2.ClientHttp2Session;
  readonly #options: ClientSessionOptions;
  readonly #ready: Promise<void>;
  #activeStreams = 0;
  #connectTimer: NodeJS.Timeout | undefined;
  #idleTimer: NodeJS.Timeout | undefined;
  #pingTimer: NodeJS.Timeout | undefined;
  #pingTimeout: NodeJS.Timeout | undefined;
  #closeReason: RpcError | undefined;
  #socket: CountedSocket | undefined;
  readonly #resets = new ResetBudget(performance.now());
  /** True once the session was ready (a failed connection attempt never is). */
  wasReady = false;

  constructor(options: ClientSessionOptions) {
    this.#options = options;
    options.counters.connectAttempts++;
    const session = options.connect(
      (error) => {
        this.#noteCloseReason(unavailable(describeConnectError(error, options.where, options.tls), error));
        this.destroy();
      },
      (socket) => {
        this.#socket = socket;
      },
    );
    this.#session = session;
    session.once("connect", () => setConnectionWindow(session, options.connectionWindowSizeBytes));
    owners.set(session, this);
    this.#ready = new Promise<void>((resolve, reject) => {
      session.once("remoteSettings", () => {
        this.#clearConnectTimer();
        this.wasReady = true;
        if (this.#state === "connecting") this.#setState("ready");
        this.#updateRef();
        this.#armIdle();
        this.#armPing();
        resolve();
      });
      this.#rejectReady = reject;
    });
    this.#ready.catch(() => {});
    this.#connectTimer = setTimeout(() => {
      this.#connectTimer = undefined;
      this.destroy(
        unavailable(
          `No HTTP/2 connection to ${options.where} within ${options.connectTimeoutMs} ms (the server accepted TCP but sent no SETTINGS: is it a gRPC server, and does TLS match?)`,
        ),
      );
    }, options.connectTimeoutMs);
    this.#connectTimer.unref();
    session.on("error", (error: Error & { code?: string }) => {
      this.#noteCloseReason(unavailable(describeConnectError(error, options.where, options.tls), error));
      // node does not always emit 'close' after a failed TLS handshake: do not wait for it
      if (session.destroyed) this.#closed();
    });
    session.on("goaway", (errorCode: number, _lastStreamId: number, data?: Buffer) => {
      options.counters.goawaysReceived++;
      if (errorCode === http2.constants.NGHTTP2_ENHANCE_YOUR_CALM && data?.toString() === "too_many_pings") {
        options.keepalive.backOff();
      }
      this.#noteCloseReason(unavailable(`Server sent GOAWAY (code ${errorCode})`));
      if (this.#state !== "closed") this.#setState("draining");
    });
    session.once("close", () => this.#closed());
  }

  #rejectReady: ((reason: RpcError) => void) | undefined;

  /** The session is gone (its 'close', an error that destroyed it, or destroy()): settle once. */
  #closed(): void {
    if (this.#state === "closed") return;
    const options = this.#options;
    this.#clearTimers();
    const bytes = this.bytes;
    options.counters.closedBytesSent += bytes.sent;
    options.counters.closedBytesReceived += bytes.received;
    this.#socket = undefined;
    if (!this.wasReady) options.counters.connectFailures++;
    this.#noteCloseReason(
      unavailable(
        this.wasReady
          ? `Connection to ${options.where} closed`
          : `Connection to ${options.where} closed before the HTTP/2 handshake completed${
              options.tls ? " (is the server using TLS?)" : " (if the server uses TLS, set the channel's tls option)"
            }`,
      ),
    );
    this.#rejectReady?.(this.#closeReason as RpcError);
    this.#setState("closed");
  }

  /** Why the session closed or failed, if it did. */
  get closeReason(): RpcError | undefined {
    return this.#closeReason;
  }

  #noteCloseReason(reason: RpcError): void {
    if (this.#closeReason !== undefined) return;
    this.#closeReason = reason;
    closeReasons.set(this.#session, reason);
  }

  /** The current state. */
  get state(): SessionState {
    return this.#state;
  }

  /** Bytes moved over this session's connection so far (0 once closed: the channel keeps the sum). */
  get bytes(): { sent: number; received: number } {
    return socketBytes(this.#socket);
  }

  /** Streams open now. */
  get activeStreams(): number {
    return this.#activeStreams;
  }

  /** Streams this session may carry: the server's SETTINGS_MAX_CONCURRENT_STREAMS, capped by our own limit. */
  get capacity(): number {
    const remote = this.#session.remoteSettings?.maxConcurrentStreams ?? 100;
    return Math.min(remote, this.#options.maxStreams);
  }

  /** True when a stream can be opened right now. */
  get hasRoom(): boolean {
    return this.#state === "ready" && this.#activeStreams < this.capacity && !this.#session.destroyed;
  }

  /** Resolves when ready; rejects with UNAVAILABLE if the connection fails first. */
  whenReady(): Promise<void> {
    return this.#ready;
  }

  /**
   * Opens a stream for one call. The caller must listen for `error` and `close`.
   * @throws when the session can no longer open streams (a GOAWAY raced us): pick another.
   */
  request(headers: http2.OutgoingHttpHeaders, endStream: boolean): http2.ClientHttp2Stream {
    const stream = this.#session.request(headers, endStream ? requestEndingStream : requestKeepingStreamOpen);
    this.#options.counters.streamsStarted++;
    this.#activeStreams++;
    if (this.#activeStreams === 1) {
      this.#updateRef();
      this.#clearIdle();
      if (!this.#options.keepalive.permitWithoutCalls) this.#armPing();
    }
    (stream as SessionStream)[sessionOfStream] = this;
    stream.on("close", ClientSession.#streamClosed); // fires once; shared, no closure per stream
    return stream;
  }

  /** Shared by every stream: it finds its session through a property on the stream. */
  static readonly #streamClosed = function (this: SessionStream): void {
    const session = this[sessionOfStream];
    if (session === undefined) return;
    session.#activeStreams--;
    if (session.#activeStreams === 0) {
      session.#updateRef();
      session.#armIdle();
    }
    session.#options.onChange(session);
  };

  /**
   * Cancels `stream` (RST_STREAM `code`; a closed stream is left alone) and spends one reset of the
   * session's budget ({@link ResetBudget}). When what is left, less one reset for each open stream,
   * falls under a reserve, the session drains: new calls go to a fresh connection, open ones finish
   * here. Only a session holding more open streams than its budget, all of them cancelled within
   * seconds, can still reach the server's limit.
   */
  resetStream(stream: http2.ClientHttp2Stream, code: number): void {
    if (stream.closed || stream.destroyed) return;
    stream.close(code);
    if (this.#resets.spend(performance.now()) - this.#activeStreams >= resetReserve) return;
    if (this.#state !== "ready") return;
    this.#options.counters.resetBudgetDrains++;
    this.drain();
  }

  /** Sends a PING and resolves with the round-trip time in ms. */
  ping(): Promise<number> {
    this.#options.counters.pingsSent++;
    return new Promise((resolve, reject) => {
      const sent = this.#session.ping((error, durationMs) => {
        if (error) reject(unavailable(`PING failed: ${error.message}`, error));
        else resolve(durationMs);
      });
      if (!sent) reject(unavailable("Too many unacknowledged PINGs"));
    });
  }

  /** Stops taking streams and closes once the open ones finish (sends GOAWAY). */
  drain(): void {
    if (this.#state === "closed" || this.#state === "draining") return;
    this.#setState("draining");
    if (!this.#session.closed) this.#session.close();
  }

  /** Closes at once; open streams fail with the connection error. */
  destroy(reason?: RpcError): void {
    if (reason !== undefined) this.#noteCloseReason(reason);
    this.#session.destroy();
    this.#closed();
  }

  #setState(state: SessionState): void {
    if (this.#state === state) return;
    this.#state = state;
    if (state === "draining" || state === "closed") this.#clearTimers();
    this.#options.onChange(this);
  }

  #armIdle(): void {
    const { idleTimeoutMs } = this.#options;
    if (!Number.isFinite(idleTimeoutMs) || this.#state !== "ready" || this.#activeStreams > 0) return;
    this.#clearIdle();
    this.#idleTimer = setTimeout(() => {
      if (this.#activeStreams === 0) this.drain();
    }, idleTimeoutMs);
    this.#idleTimer.unref();
  }

  #clearIdle(): void {
    if (this.#idleTimer !== undefined) clearTimeout(this.#idleTimer);
    this.#idleTimer = undefined;
  }

  #armPing(): void {
    const { keepalive } = this.#options;
    if (!keepalive.enabled || this.#pingTimer !== undefined || this.#state !== "ready") return;
    this.#pingTimer = setTimeout(() => {
      this.#pingTimer = undefined;
      this.#keepalivePing();
    }, keepalive.timeMs);
    this.#pingTimer.unref();
  }

  #keepalivePing(): void {
    const { keepalive } = this.#options;
    if (this.#state !== "ready" && this.#state !== "draining") return;
    if (this.#activeStreams === 0 && !keepalive.permitWithoutCalls) return; // re-armed by the next stream
    this.#options.counters.pingsSent++;
    this.#pingTimeout = setTimeout(() => {
      this.#options.counters.keepaliveTimeouts++;
      this.destroy(
        unavailable(`Keepalive PING to ${this.#options.where} not acknowledged within ${keepalive.timeoutMs} ms`),
      );
    }, keepalive.timeoutMs);
    this.#pingTimeout.unref();
    const sent = this.#session.ping((error) => {
      if (this.#pingTimeout !== undefined) clearTimeout(this.#pingTimeout);
      this.#pingTimeout = undefined;
      if (!error) this.#armPing();
    });
    if (!sent) this.#armPing();
  }

  #clearConnectTimer(): void {
    if (this.#connectTimer !== undefined) clearTimeout(this.#connectTimer);
    this.#connectTimer = undefined;
  }

  #clearTimers(): void {
    this.#clearConnectTimer();
    this.#clearIdle();
    if (this.#pingTimer !== undefined) clearTimeout(this.#pingTimer);
    this.#pingTimer = undefined;
    // a PING already sent keeps its timeout: a draining session can still be found dead
  }

  #updateRef(): void {
    if (this.#session.destroyed) return;
    if (this.#activeStreams > 0) this.#session.ref();
    else this.#session.unref();
  }
}

function unavailable(message: string, cause?: unknown): RpcError {
  return new RpcError(Code.UNAVAILABLE, message, cause === undefined ? {} : { cause });
}

function describeConnectError(error: Error & { code?: string }, where: string, tls: boolean): string {
  const code = error.code ?? "";
  if (
    /alert (certificate required|bad certificate|unknown ca|certificate unknown|handshake failure)/i.test(error.message)
  ) {
    return `TLS handshake with ${where} refused our client certificate (${error.message.trim()}): pass tls.cert and tls.key issued by a CA the server trusts`;
  }
  if (code.startsWith("ERR_SSL_") || /wrong version number|packet length too long/i.test(error.message)) {
    return `TLS handshake with ${where} failed (${error.message}): is the server using TLS? For a plaintext server, leave the channel's tls option off`;
  }
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS_CERT_ALTNAME_INVALID/.test(code)) {
    return `TLS certificate of ${where} rejected (${code}: ${error.message}): trust its CA with tls.ca, or set tls.serverName if it is issued for another name`;
  }
  if (tls && code === "ECONNRESET") {
    return `Connection to ${where} reset during the TLS handshake: is the server using TLS, and does it accept our client certificate?`;
  }
  switch (code) {
    case "ECONNREFUSED":
      return `Connection refused by ${where}: is the server running?`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `Cannot resolve ${where}: ${error.code}`;
    case "ECONNRESET":
      return `Connection to ${where} reset by peer`;
    case "ERR_HTTP2_ERROR":
    case "ERR_HTTP2_SESSION_ERROR":
    case "ERR_HTTP2_INVALID_SESSION":
      return `HTTP/2 error from ${where}: ${error.message} (is it an HTTP/2 gRPC server, and does TLS match?)`;
    default:
      return `Connection to ${where} failed: ${error.message}`;
  }
}
