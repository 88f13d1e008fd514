import * as http2 from "node:http2";
import { type LongTimeout, setLongTimeout } from "../core/long-timeout.js";
import { setConnectionWindow } from "../wire/connection-window.js";
import { type CountedSocket, socketBytes } from "../wire/socket-bytes.js";
import type { ConnectionStats } from "./connection-stats.js";
import { KeepaliveEnforcer } from "./keepalive-enforcer.js";
import { ResetFloodGuard } from "./reset-flood-guard.js";
import { ServerCall } from "./server-call.js";
import { type ServerKeepalive, startServerKeepalive } from "./server-keepalive.js";
import type { ConnectionPolicy } from "./server-settings.js";

const { NGHTTP2_NO_ERROR, NGHTTP2_ENHANCE_YOUR_CALM } = http2.constants;
const tooManyPingsData = Buffer.from("too_many_pings", "ascii");
/** A PING or PING ACK frame on the wire: 9-byte header + 8-byte payload. */
const pingFrameBytes = 17;
/**
 * Bytes the server may write between two client PINGs without it counting as "sent headers or
 * data": a SETTINGS ACK (9), a few WINDOW_UPDATEs (13 each) and the like.
 */
const controlAllowanceBytes = 64;

const connectionOfStream = Symbol("h2rpc.serverConnection");
const connectionOfSession = new WeakMap<http2.Http2Session, ServerConnection>();

/** A stream as the connection's shared listener sees it: it points back at its connection. */
type ConnectionStream = http2.ServerHttp2Stream & { [connectionOfStream]?: ServerConnection };

/**
 * The server side of one HTTP/2 connection: counts its calls, enforces the ping policy, sends
 * keepalive PINGs, and closes it when idle, too old, or asked to (GOAWAY, then close once the
 * calls admitted before the GOAWAY finished).
 *
 * The silence probe (`silenceProbeMs`) reclaims connections node stopped serving: after nghttp2
 * ends a connection with a connection error (GOAWAY, e.g. COMPRESSION_ERROR for an oversized
 * header) node stops reading its socket and tells JS nothing, not even the client hanging up.
 * A PING queued then is never sent (`session.ping()` still returns true), so a connection silent
 * for a whole interval gets a PING and is destroyed when no ACK (or other byte) follows within the
 * keepalive timeout. A healthy silent connection answers and stays.
 *
 * GOAWAY is one frame with the last stream id node processed (`session.close()`), not grpc-go's
 * two-phase GOAWAY (2^31-1, PING, then the real id): node's nghttp2 ignores every new stream once
 * any GOAWAY was sent and stops reading once no stream is open, so a first GOAWAY would only delay
 * the refusal. A request racing the GOAWAY has an id above the one announced: the client's HTTP/2
 * stack fails it with REFUSED_STREAM, which clients may retry on a new connection.
 */
export class ServerConnection {
  readonly #session: http2.ServerHttp2Session;
  readonly #policy: ConnectionPolicy;
  readonly #stats: ConnectionStats;
  readonly #resets: ResetFloodGuard;
  readonly #streams = new Set<http2.ServerHttp2Stream>();
  readonly #headersNoted = new WeakSet<http2.ServerHttp2Stream>();
  readonly #enforcer: KeepaliveEnforcer;
  readonly #keepalive: ServerKeepalive;
  readonly #silenceProbe: ServerKeepalive;
  readonly #closed: Promise<void>;
  #idleTimer: LongTimeout | undefined;
  #ageTimer: LongTimeout | undefined;
  #sentSincePing = false;
  #writtenAtPing = 0;
  #ownPingsSincePing = 0;
  #draining = false;

  readonly #socket: CountedSocket | undefined;

  constructor(
    session: http2.ServerHttp2Session,
    socket: CountedSocket | undefined,
    policy: ConnectionPolicy,
    stats: ConnectionStats,
  ) {
    this.#session = session;
    setConnectionWindow(session, policy.connectionWindowSizeBytes);
    this.#socket = socket;
    this.#policy = policy;
    this.#resets = new ResetFloodGuard(policy.maxClientResetsPerSecond);
    if (Number.isFinite(policy.handshakeTimeoutMs)) {
      this.#handshakeTimer = setLongTimeout(
        () => {
          this.#stats.handshakeTimeouts++;
          this.destroy();
        },
        policy.handshakeTimeoutMs,
        true,
      );
    }
    this.#stats = stats;
    this.#enforcer = new KeepaliveEnforcer(policy);
    stats.sessionsOpen++;
    stats.sessionsTotal++;
    this.#closed = new Promise((resolve) => {
      session.once("close", () => {
        this.#dispose();
        resolve();
      });
    });
    connectionOfSession.set(session, this);
    session.on("ping", () => this.#onPing());
    this.#keepalive = startServerKeepalive(
      session,
      { timeMs: policy.keepaliveTimeMs, timeoutMs: policy.keepaliveTimeoutMs },
      {
        onPingSent: () => {
          this.#stats.keepalivePingsSent++;
          this.#ownPingsSincePing++;
        },
        onDead: () => {
          this.#stats.keepaliveTimeouts++;
          this.destroy();
        },
      },
    );
    this.#silenceProbe = startServerKeepalive(
      session,
      { timeMs: policy.silenceProbeMs, timeoutMs: policy.keepaliveTimeoutMs },
      {
        onPingSent: () => {
          this.#stats.silenceProbesSent++;
          this.#ownPingsSincePing++;
        },
        onDead: () => {
          this.#stats.silenceCloses++;
          this.destroy();
        },
      },
      { bytesRead: () => this.bytes.received, probe: true },
    );
    this.#armIdle();
    this.#armAge();
  }

  /** Resolves once the connection is closed. */
  get closed(): Promise<void> {
    return this.#closed;
  }

  /** Bytes moved over this connection so far. */
  get bytes(): { sent: number; received: number } {
    return socketBytes(this.#socket);
  }

  /** Calls open on this connection. */
  get activeCalls(): number {
    return this.#streams.size;
  }

  /**
   * Sends GOAWAY (`code`, `debugData`; the last stream id is the highest node processed), accepts
   * no new call, and closes once the open calls finish. Later calls do nothing.
   */
  drain(code: number = NGHTTP2_NO_ERROR, debugData?: Buffer): void {
    if (this.#draining) return;
    this.#draining = true;
    this.#clearLifetimeTimers();
    const session = this.#session;
    if (session.closed || session.destroyed) return;
    // goaway(code, 0, …): node fills in the last stream id it processed. close() then sends its own
    // GOAWAY(NO_ERROR) with the same id (clients act on the first) and closes when the streams end.
    if (code !== NGHTTP2_NO_ERROR) session.goaway(code, 0, debugData);
    this.#stats.goawaysSent++;
    session.close();
  }

  /** Closes now: open calls see the connection drop (their handlers' signals fire). */
  destroy(): void {
    this.#draining = true;
    this.#clearLifetimeTimers();
    if (!this.#session.destroyed) this.#session.destroy();
  }

  /** Rapid reset (CVE-2023-44487): refuse the connection with ENHANCE_YOUR_CALM, then close it. */
  #onResetFlood(): void {
    const session = this.#session;
    if (session.destroyed || this.#resetFlooded) return;
    this.#resetFlooded = true;
    this.#stats.resetFloods++;
    this.#stats.goawaysSent++;
    session.goaway(http2.constants.NGHTTP2_ENHANCE_YOUR_CALM, 0, Buffer.from("too_many_resets"));
    setTimeout(() => this.destroy(), 100).unref();
  }

  #resetFlooded = false;

  #handshakeTimer: LongTimeout | undefined;

  /** The connection of `session`, once it was wrapped in one. */
  static of(session: http2.Http2Session | undefined): ServerConnection | undefined {
    return session === undefined ? undefined : connectionOfSession.get(session);
  }

  /**
   * Counts a new stream and watches for its end. The server's own 'stream' listener calls this
   * (one listener per event, not one more on the session's): call it before dispatching.
   */
  trackStream(stream: http2.ServerHttp2Stream): void {
    this.#handshakeTimer?.clear();
    this.#handshakeTimer = undefined;
    this.#streams.add(stream);
    this.#stats.streamsActive++;
    this.#stats.streamsTotal++;
    this.#idleTimer?.clear();
    this.#idleTimer = undefined;
    (stream as ConnectionStream)[connectionOfStream] = this;
    stream.on("close", ServerConnection.#streamListeners.close);
  }

  /**
   * The one 'close' listener of every stream (no closure per call, no second listener for the
   * call): the stream points at its connection, and its call hears of the close from here.
   */
  static readonly #streamListeners = {
    close(this: ConnectionStream): void {
      ServerCall.streamClosed(this);
      const connection = this[connectionOfStream];
      if (connection === undefined) return;
      if (this.rstCode === http2.constants.NGHTTP2_CANCEL && connection.#resets.note()) connection.#onResetFlood();
      connection.#streams.delete(this);
      connection.#stats.streamsActive--;
      if (this.headersSent) connection.#sentSincePing = true; // its response went out (counted once is enough)
      if (connection.#streams.size === 0) connection.#armIdle();
    },
  };

  #onPing(): void {
    this.#stats.pingsReceived++;
    const written = bytesWritten(this.#session);
    let sent =
      this.#sentSincePing ||
      written - this.#writtenAtPing > pingFrameBytes * (1 + this.#ownPingsSincePing) + controlAllowanceBytes;
    for (const stream of this.#streams) if (this.#noteHeaders(stream)) sent = true;
    this.#sentSincePing = false;
    this.#writtenAtPing = written;
    this.#ownPingsSincePing = 0;
    const tooMany = this.#enforcer.onPing(performance.now(), {
      activeCalls: this.#streams.size,
      sentSincePreviousPing: sent,
    });
    if (tooMany && !this.#draining) {
      this.#stats.tooManyPings++;
      this.drain(NGHTTP2_ENHANCE_YOUR_CALM, tooManyPingsData);
    }
  }

  /** True the first time `stream` is seen with its response headers sent. */
  #noteHeaders(stream: http2.ServerHttp2Stream): boolean {
    if (!stream.headersSent || this.#headersNoted.has(stream)) return false;
    this.#headersNoted.add(stream);
    return true;
  }

  #armIdle(): void {
    const idleMs = this.#policy.maxConnectionIdleMs;
    if (this.#draining || !Number.isFinite(idleMs)) return;
    this.#idleTimer?.clear();
    this.#idleTimer = setLongTimeout(
      () => {
        if (this.#streams.size > 0 || this.#draining) return;
        this.#stats.idleCloses++;
        this.drain();
      },
      idleMs,
      true,
    );
  }

  #armAge(): void {
    const ageMs = this.#policy.maxConnectionAgeMs;
    if (!Number.isFinite(ageMs)) return;
    const jittered = ageMs * (0.9 + 0.2 * Math.random()); // ±10 %, as grpc-go
    this.#ageTimer = setLongTimeout(
      () => {
        if (this.#draining) return;
        this.#stats.ageGoaways++;
        this.drain();
        const graceMs = this.#policy.maxConnectionAgeGraceMs;
        if (!Number.isFinite(graceMs) || this.#session.destroyed) return;
        const grace = setLongTimeout(
          () => {
            if (this.#session.destroyed) return;
            this.#stats.ageForceCloses++;
            this.destroy();
          },
          graceMs,
          true,
        );
        this.#session.once("close", () => grace.clear());
      },
      jittered,
      true,
    );
  }

  #clearLifetimeTimers(): void {
    this.#idleTimer?.clear();
    this.#idleTimer = undefined;
    this.#ageTimer?.clear();
    this.#ageTimer = undefined;
    this.#handshakeTimer?.clear();
    this.#handshakeTimer = undefined;
  }

  #dispose(): void {
    this.#draining = true;
    this.#clearLifetimeTimers();
    this.#keepalive.stop();
    this.#silenceProbe.stop();
    this.#stats.sessionsOpen--;
    const bytes = this.bytes;
    this.#stats.bytesSent += bytes.sent;
    this.#stats.bytesReceived += bytes.received;
  }
}

function bytesWritten(session: http2.ServerHttp2Session): number {
  try {
    return session.socket?.bytesWritten ?? 0;
  } catch {
    return 0;
  }
}
