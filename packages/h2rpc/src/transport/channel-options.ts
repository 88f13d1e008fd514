import type { Duplex } from "node:stream";
import type { ClientInterceptor } from "../core/interceptors.js";
import type { ServiceConfig } from "../core/service-config.js";
import type { BackoffOptions } from "./backoff.js";
import type { KeepaliveOptions } from "./keepalive.js";
import type { Address, Resolver } from "./resolver.js";

/** TLS settings of a channel. Certificates and keys are PEM. */
export interface ClientTlsOptions {
  /** CA certificates to trust. Default: Node's bundled root CAs. */
  ca?: string | Buffer | (string | Buffer)[];
  /** Client certificate chain, for mutual TLS. */
  cert?: string | Buffer;
  /** Private key of `cert`. */
  key?: string | Buffer;
  /**
   * Name to send as SNI and to verify the server certificate against, when it differs from the
   * target's host (gRPC's ssl_target_name_override). The `:authority` stays the target's.
   */
  serverName?: string;
  /** Verify the server's certificate. Default true; turn off only in tests. */
  rejectUnauthorized?: boolean;
}

/** How a channel spreads calls over the target's addresses. */
export type LoadBalancingPolicy = "pick_first" | "round_robin";

/** Options of a channel. Every field is optional; defaults are documented per field. */
export interface ChannelOptions extends KeepaliveOptions, BackoffOptions {
  /** Most HTTP/2 sessions per address; a new one opens when all are at their stream limit. Default 4. */
  maxSessions?: number;
  /** A soft cap on streams per session, below the server's SETTINGS_MAX_CONCURRENT_STREAMS. Default: none. */
  maxStreamsPerSession?: number;
  /**
   * Calls that may wait for a free stream or a connection. Past it, calls fail with
   * RESOURCE_EXHAUSTED (a local limit, not the server's state). Default 10 000.
   */
  maxPendingCalls?: number;
  /** Give up on a connection whose HTTP/2 SETTINGS have not arrived after this long, ms. Default 20 000. */
  connectTimeoutMs?: number;
  /** Close a session after this long without calls, ms. Default 300 000 (5 min). */
  idleTimeoutMs?: number;
  /** `pick_first` (default: one address at a time, in order) or `round_robin` (every address, in turn). */
  loadBalancing?: LoadBalancingPolicy;
  /**
   * Opens the byte stream of a new session yourself instead of a TCP or unix socket: a tunnel
   * through a proxy, an in-process pipe to a server's `acceptConnection`. Called once per
   * session with the resolved address; with `tls` on, TLS runs over the stream you return.
   */
  createConnection?: (address: Address) => Duplex;
  /** Turns the target into addresses. Default: IP literals as given, host names through DNS (all A/AAAA). */
  resolver?: Resolver;
  /**
   * Per-stream HTTP/2 receive window in bytes. Default 1 MiB: larger than HTTP/2's 64 KiB so a
   * single stream can move bulk data without waiting on WINDOW_UPDATEs, while memory per stream stays bounded.
   */
  initialWindowSizeBytes?: number;
  /**
   * Receive window of the whole connection (HTTP/2's is 64 KiB), bytes. Default 2 MiB, twice a
   * stream's: with 64 KiB the connection window, not the stream windows, held back big messages and
   * streams (a WINDOW_UPDATE round trip every 32 KiB; 1 MiB echo ~195 calls/s, now ~340). It is
   * also what a slow reader may have buffered per connection.
   */
  connectionWindowSizeBytes?: number;
  /** Largest HTTP/2 frame payload we accept, bytes (16 KiB – 16 MiB). Default 16 KiB. */
  maxFrameSizeBytes?: number;
  /** HPACK dynamic table size, bytes. Default 4096. */
  headerTableSizeBytes?: number;
  /** Largest header block accepted from the server, in bytes. Default 64 KiB. */
  maxHeaderListSizeBytes?: number;
  /**
   * TLS (with ALPN h2) instead of plaintext h2c: `true` for the platform defaults, options, or a
   * function called for every new connection (so rotated client certificates are picked up
   * without a restart). Default: plaintext, unless the target starts with `https://`.
   */
  tls?: boolean | ClientTlsOptions | (() => ClientTlsOptions);
  /** Interceptors of every call on this channel; they run outside the client's and the call's own. */
  interceptors?: readonly ClientInterceptor[];
  /**
   * Per-method timeouts, waitForReady, message limits, retry or hedging policies and retry
   * throttling: typed, or gRPC's JSON service config as a string.
   */
  serviceConfig?: ServiceConfig | string;
  /** Cap on retry and hedging `maxAttempts` (gRFC A6). Default 5. */
  maxRetryAttempts?: number;
  /** Request bytes one call may hold for retries; past it the call commits. Default 256 KiB. */
  perCallRetryBufferBytes?: number;
  /** Request bytes all calls of the channel may hold for retries. Default 16 MiB. */
  retryBufferBytes?: number;
}

/** {@link ChannelOptions} with every default filled in and checked. */
export interface NormalizedChannelOptions {
  maxSessions: number;
  maxStreamsPerSession: number;
  maxPendingCalls: number;
  connectTimeoutMs: number;
  idleTimeoutMs: number;
  connectionWindowSizeBytes: number;
  loadBalancing: LoadBalancingPolicy;
  maxRetryAttempts: number;
  perCallRetryBufferBytes: number;
  retryBufferBytes: number;
  settings: {
    initialWindowSize: number;
    maxFrameSize: number;
    headerTableSize: number;
    maxHeaderListSize: number;
    enablePush: false;
  };
}

/** Fills in defaults and checks ranges once; later code sees only complete options. */
export function normalizeChannelOptions(o: ChannelOptions): NormalizedChannelOptions {
  const policy = o.loadBalancing ?? "pick_first";
  if (policy !== "pick_first" && policy !== "round_robin") {
    throw new RangeError(`Channel option loadBalancing must be "pick_first" or "round_robin", got ${String(policy)}`);
  }
  return {
    maxSessions: int(o.maxSessions, 4, "maxSessions", 1),
    maxStreamsPerSession: int(o.maxStreamsPerSession, 2 ** 31 - 1, "maxStreamsPerSession", 1),
    maxPendingCalls: int(o.maxPendingCalls, 10_000, "maxPendingCalls", 0),
    connectTimeoutMs: int(o.connectTimeoutMs, 20_000, "connectTimeoutMs", 1),
    connectionWindowSizeBytes: int(
      o.connectionWindowSizeBytes,
      4 << 20,
      "connectionWindowSizeBytes",
      65_535,
      2 ** 31 - 1,
    ),
    idleTimeoutMs:
      o.idleTimeoutMs === Number.POSITIVE_INFINITY
        ? o.idleTimeoutMs
        : int(o.idleTimeoutMs, 300_000, "idleTimeoutMs", 1),
    loadBalancing: policy,
    maxRetryAttempts: int(o.maxRetryAttempts, 5, "maxRetryAttempts", 1),
    perCallRetryBufferBytes: int(o.perCallRetryBufferBytes, 256 << 10, "perCallRetryBufferBytes", 0),
    retryBufferBytes: int(o.retryBufferBytes, 16 << 20, "retryBufferBytes", 0),
    settings: {
      initialWindowSize: int(o.initialWindowSizeBytes, 1 << 20, "initialWindowSizeBytes", 0, 2 ** 31 - 1),
      maxFrameSize: int(o.maxFrameSizeBytes, 16_384, "maxFrameSizeBytes", 16_384, 2 ** 24 - 1),
      headerTableSize: int(o.headerTableSizeBytes, 4096, "headerTableSizeBytes", 0),
      maxHeaderListSize: int(o.maxHeaderListSizeBytes, 64 << 10, "maxHeaderListSizeBytes", 1),
      enablePush: false,
    },
  };
}

function int(value: number | undefined, fallback: number, name: string, min: number, max = 2 ** 53): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`Channel option ${name} must be an integer from ${min} to ${max}, got ${value}`);
  }
  return value;
}
