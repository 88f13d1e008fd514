import * as http2 from "node:http2";
import * as net from "node:net";
import { Code } from "../core/code.js";
import { RpcError } from "../core/rpc-error.js";
import type { Target } from "./target.js";

/** Lifecycle of one HTTP/2 session: connecting → ready → draining → closed. */
export type SessionState = "connecting" | "ready" | "draining" | "closed";

/** Options of one client session, already normalised by the channel. */
export interface ClientSessionOptions {
  /** HTTP/2 settings sent to the server. */
  settings: http2.Settings;
  /** Give up connecting after this long. */
  connectTimeoutMs: number;
  /** Called once when the session reaches `closed`. */
  onClose: (session: ClientSession) => void;
}

/**
 * One client HTTP/2 session as a small state machine. Streams are counted so the socket is
 * `ref`ed only while calls are active: an idle client never keeps the process alive.
 */
export class ClientSession {
  #state: SessionState = "connecting";
  readonly #session: http2.ClientHttp2Session;
  readonly #ready: Promise<void>;
  readonly #options: ClientSessionOptions;
  #activeStreams = 0;
  #connectTimer: NodeJS.Timeout | undefined;
  /** Why the session closed or failed, if it did. */
  closeReason: RpcError | undefined;

  constructor(target: Target, options: ClientSessionOptions) {
    this.#options = options;
    const authority = `http://${target.authority}`;
    const connectOptions: http2.ClientSessionOptions = { settings: options.settings };
    if (target.kind === "unix") connectOptions.createConnection = () => net.connect(target.path);
    const session = http2.connect(authority, connectOptions);
    this.#session = session;
    this.#ready = new Promise<void>((resolve, reject) => {
      const onConnect = () => {
        this.#clearConnectTimer();
        if (this.#state === "connecting") this.#state = "ready";
        this.#updateRef();
        resolve();
      };
      session.once("connect", onConnect);
      session.once("close", () => reject(this.closeReason ?? unavailable("Connection closed while connecting")));
    });
    this.#ready.catch(() => {});
    this.#connectTimer = setTimeout(() => {
      this.#fail(
        unavailable(`Connection to ${target.authority} not established within ${options.connectTimeoutMs} ms`),
      );
    }, options.connectTimeoutMs);
    this.#connectTimer.unref();
    session.on("error", (error: Error) => {
      this.closeReason ??= unavailable(describeConnectError(error, target), error);
    });
    session.on("goaway", () => {
      if (this.#state !== "closed") this.#state = "draining";
    });
    session.once("close", () => {
      this.#clearConnectTimer();
      this.#state = "closed";
      this.closeReason ??= unavailable("Connection closed");
      this.#options.onClose(this);
    });
  }

  /** The current state. */
  get state(): SessionState {
    return this.#state;
  }

  /** Streams currently open on this session. */
  get activeStreams(): number {
    return this.#activeStreams;
  }

  /** The peer's SETTINGS_MAX_CONCURRENT_STREAMS (unbounded until its SETTINGS arrive). */
  get maxConcurrentStreams(): number {
    return this.#session.remoteSettings?.maxConcurrentStreams ?? 2 ** 31 - 1;
  }

  /** True when a new stream may be opened on this session now. */
  get acceptsStreams(): boolean {
    return (this.#state === "ready" || this.#state === "connecting") && !this.#session.destroyed;
  }

  /** Resolves once connected; rejects with UNAVAILABLE if the connection fails. */
  whenReady(): Promise<void> {
    return this.#ready;
  }

  /** Opens a stream for one call. The caller must listen for `error` and `close`. */
  request(headers: http2.OutgoingHttpHeaders, endStream: boolean): http2.ClientHttp2Stream {
    const stream = this.#session.request(headers, { endStream });
    this.#activeStreams++;
    this.#updateRef();
    stream.once("close", () => {
      this.#activeStreams--;
      this.#updateRef();
    });
    return stream;
  }

  /** Stops taking streams and closes once the open ones finish (GOAWAY). */
  drain(): void {
    if (this.#state === "closed") return;
    this.#state = "draining";
    if (!this.#session.closed) this.#session.close();
  }

  /** Closes at once; open streams fail. */
  destroy(reason?: RpcError): void {
    if (reason !== undefined) this.closeReason ??= reason;
    this.#session.destroy();
  }

  #fail(reason: RpcError): void {
    this.closeReason ??= reason;
    this.#session.destroy();
  }

  #clearConnectTimer(): void {
    if (this.#connectTimer !== undefined) clearTimeout(this.#connectTimer);
    this.#connectTimer = undefined;
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

function describeConnectError(error: Error & { code?: string }, target: Target): string {
  const where = target.kind === "unix" ? target.path : target.authority;
  switch (error.code) {
    case "ECONNREFUSED":
      return `Connection refused by ${where}: is the server running?`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `Cannot resolve ${where}: ${error.code}`;
    case "ERR_HTTP2_ERROR":
    case "ERR_HTTP2_SESSION_ERROR":
      return `HTTP/2 error from ${where}: ${error.message} (is it an HTTP/2 gRPC server, and does TLS match?)`;
    default:
      return `Connection to ${where} failed: ${error.message}`;
  }
}
