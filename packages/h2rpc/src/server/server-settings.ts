import type * as http2 from "node:http2";

/**
 * Keepalive of a server: its own PINGs to find dead clients, and the policy it enforces on the
 * clients' PINGs (gRFC A8, gRPC's doc/keepalive.md). Times in milliseconds.
 */
export interface ServerKeepaliveOptions {
  /**
   * PING a client after this long without receiving anything from it. `Infinity` turns the
   * server's pings off. Default 7 200 000 (2 h, as grpc-go and gRPC core).
   * (grpc-go `ServerParameters.Time`, core `GRPC_ARG_KEEPALIVE_TIME_MS`)
   */
  timeMs?: number;
  /**
   * Close the connection when a server PING is not acknowledged (and nothing else arrived) within
   * this long; its calls see the connection drop. Default 20 000.
   * (grpc-go `ServerParameters.Timeout`, core `GRPC_ARG_KEEPALIVE_TIMEOUT_MS`)
   */
  timeoutMs?: number;
  /**
   * A client PING sooner than this after its previous one is a strike, unless the server sent
   * headers or data in between. Default 300 000 (5 min).
   * (grpc-go `EnforcementPolicy.MinTime`, core `GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS`)
   */
  minPingIntervalMs?: number;
  /**
   * Accept client PINGs while the connection has no calls. When false such a PING is a strike
   * unless 2 h passed since the previous one (as grpc-go). Default false.
   * (grpc-go `EnforcementPolicy.PermitWithoutStream`, core `GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS`)
   */
  permitWithoutCalls?: boolean;
  /**
   * Strikes tolerated: one more and the server sends GOAWAY `ENHANCE_YOUR_CALM` with debug data
   * `too_many_pings`, then closes the connection once its calls finish. 0 (or `Infinity`) turns
   * enforcement off, as in gRPC core. Default 2. (core `GRPC_ARG_HTTP2_MAX_PING_STRIKES`; fixed 2 in grpc-go)
   */
  maxPingStrikes?: number;
}

/** How a server treats its connections: HTTP/2 settings, keepalive and connection lifetime. */
export interface ServerConnectionOptions {
  /** Most concurrent calls per connection (`SETTINGS_MAX_CONCURRENT_STREAMS`). Default 1000. (grpc-go `MaxConcurrentStreams`) */
  maxConcurrentStreams?: number;
  /**
   * Per-stream HTTP/2 receive window (`SETTINGS_INITIAL_WINDOW_SIZE`), in bytes, at most 2^31-1.
   * Default 1 MiB: bulk streams run without WINDOW_UPDATE stalls, memory stays bounded.
   * (grpc-go `InitialWindowSize`)
   */
  initialWindowSizeBytes?: number;
  /**
   * Receive window of the whole connection (HTTP/2's is 64 KiB), bytes. Default 2 MiB, twice a
   * stream's: with 64 KiB the connection window, not the stream windows, limited big messages and
   * streams. (grpc-java: 1 MiB; grpc-go grows its window by BDP estimation)
   */
  connectionWindowSizeBytes?: number;
  /**
   * Largest HTTP/2 frame payload the server accepts (`SETTINGS_MAX_FRAME_SIZE`), in bytes,
   * 16 384 to 16 777 215. Default 16 384 (the protocol's). (grpc-go has no option; it uses 16 KiB)
   */
  maxFrameSizeBytes?: number;
  /**
   * HPACK dynamic table for request headers (`SETTINGS_HEADER_TABLE_SIZE`), in bytes. Default 4096
   * (the protocol's). (no grpc-go option; core `GRPC_ARG_HTTP2_HPACK_TABLE_SIZE_DECODER`)
   */
  headerTableSizeBytes?: number;
  /** Largest request header block accepted (`SETTINGS_MAX_HEADER_LIST_SIZE`), in bytes. Default 64 KiB. (grpc-go `MaxHeaderListSize`) */
  maxHeaderListSizeBytes?: number;
  /**
   * Node's per-connection memory cap (`maxSessionMemory`), in megabytes (10^6 bytes): past it,
   * node refuses new streams with ENHANCE_YOUR_CALM. Default `Infinity` (no cap), as grpc-js since
   * grpc/grpc-node#2084, because node degrades badly at the cap; memory stays bounded by the flow
   * control windows above and the server's backpressure. (grpc-js `grpc-node.max_session_memory`)
   */
  maxSessionMemoryMb?: number;
  /** Keepalive pings and the ping policy enforced on clients. */
  keepalive?: ServerKeepaliveOptions;
  /**
   * Close a connection that had no call for this long (GOAWAY, then close). Default `Infinity`
   * (never). (grpc-go `ServerParameters.MaxConnectionIdle`, core `GRPC_ARG_MAX_CONNECTION_IDLE_MS`)
   */
  maxConnectionIdleMs?: number;
  /**
   * Send GOAWAY to a connection this old, ±10 % jitter so clients do not reconnect together; its
   * calls may finish within {@link maxConnectionAgeGraceMs}. Default `Infinity` (never).
   * (grpc-go `ServerParameters.MaxConnectionAge`, core `GRPC_ARG_MAX_CONNECTION_AGE_MS`)
   */
  maxConnectionAgeMs?: number;
  /**
   * After the max-age GOAWAY, close the connection after this long even with calls still open
   * (they see the connection drop). Default `Infinity`.
   * (grpc-go `ServerParameters.MaxConnectionAgeGrace`, core `GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS`)
   */
  maxConnectionAgeGraceMs?: number;
  /**
   * Streams a client may reset (RST_STREAM) on one connection within one second before the
   * connection gets GOAWAY ENHANCE_YOUR_CALM `too_many_resets` and is closed: the HTTP/2 "rapid
   * reset" attack (CVE-2023-44487). Default 500; `Infinity` turns it off. On Node 22.12+ nghttp2's
   * own limit is set to match. On Node 20 nghttp2 keeps its built-in limit (a burst of 1000, then
   * 33 resets per second per connection) and closes a connection past it with INTERNAL_ERROR:
   * clients cancelling more than ~33 calls per second per connection for long get cut off there
   * (h2rpc clients count their resets and move to a fresh connection before that).
   */
  maxClientResetsPerSecond?: number;
  /**
   * A new connection must have sent its first complete request headers within this time, ms, or it
   * is closed: a "slow loris" trickling its preface or headers byte by byte holds nothing for long.
   * Default 20 000; `Infinity` turns it off.
   */
  handshakeTimeoutMs?: number;
  /**
   * PING a connection that received nothing for this long, ms, and close it when the PING is not
   * acknowledged within `keepalive.timeoutMs` (or cannot be sent). This reclaims connections node
   * stopped serving without telling anyone: after nghttp2 ends a connection with a connection error
   * (GOAWAY, e.g. an oversized header), node stops reading its socket and never sees the client
   * hang up, so the connection, its fd and its handlers would otherwise stay until `keepalive.timeMs`
   * (2 h). A connection receiving traffic is never probed; a silent healthy one (an idle long-lived
   * stream) answers and stays. A stuck connection goes within 2 × this + `keepalive.timeoutMs`
   * (80 s by default). Default 30 000; `Infinity` turns it off.
   */
  silenceProbeMs?: number;
  /**
   * Connections open at once. Past it a new connection is closed as it arrives (its client sees
   * UNAVAILABLE and retries elsewhere or later), counted in `stats().connectionsRefused`; open
   * connections are unaffected. Default 10 000; raise it for a large fan-in (mind `ulimit -n`).
   */
  maxConnections?: number;
}

/** The connection policy after defaults and checks: every field set, `Infinity` meaning never. */
export interface ConnectionPolicy {
  readonly keepaliveTimeMs: number;
  readonly keepaliveTimeoutMs: number;
  readonly minPingIntervalMs: number;
  readonly permitWithoutCalls: boolean;
  /** `Infinity` when enforcement is off. */
  readonly maxPingStrikes: number;
  readonly maxConnectionIdleMs: number;
  readonly maxConnectionAgeMs: number;
  readonly maxConnectionAgeGraceMs: number;
  readonly maxClientResetsPerSecond: number;
  readonly handshakeTimeoutMs: number;
  readonly silenceProbeMs: number;
  readonly maxConnections: number;
  readonly connectionWindowSizeBytes: number;
}

const maxInt31 = 2 ** 31 - 1;
const maxUint32 = 2 ** 32 - 1;

/** The `node:http2` server options for `options`, defaults filled in. @throws RangeError on a bad value. */
export function http2ServerOptions(options: ServerConnectionOptions): http2.ServerOptions {
  const memoryMb = number(options.maxSessionMemoryMb, Number.POSITIVE_INFINITY, "maxSessionMemoryMb", 1);
  return {
    settings: {
      maxConcurrentStreams: integer(options.maxConcurrentStreams, 1000, "maxConcurrentStreams", 0, maxUint32),
      initialWindowSize: integer(options.initialWindowSizeBytes, 1 << 20, "initialWindowSizeBytes", 0, maxInt31),
      maxFrameSize: integer(options.maxFrameSizeBytes, 16_384, "maxFrameSizeBytes", 16_384, 2 ** 24 - 1),
      headerTableSize: integer(options.headerTableSizeBytes, 4096, "headerTableSizeBytes", 0, maxUint32),
      maxHeaderListSize: integer(options.maxHeaderListSizeBytes, 64 << 10, "maxHeaderListSizeBytes", 0, maxUint32),
      enablePush: false,
    },
    maxSessionMemory: Number.isFinite(memoryMb) ? memoryMb : Number.MAX_SAFE_INTEGER,
    ...nghttp2ResetLimit(options),
  };
}

/**
 * nghttp2's own rapid-reset limit (a burst, then a rate per second), raised to match
 * `maxClientResetsPerSecond` so h2rpc's limit decides. Node 22.12+ takes these options; Node 20
 * ignores them and keeps nghttp2's default (1000, then 33 per second): see the option's doc.
 */
function nghttp2ResetLimit(options: ServerConnectionOptions): Record<string, number> {
  const perSecond = number(options.maxClientResetsPerSecond, 500, "maxClientResetsPerSecond", 1);
  const rate = Number.isFinite(perSecond) ? perSecond : maxUint32;
  return { streamResetBurst: Math.min(maxUint32, rate * 2), streamResetRate: rate };
}

/** The keepalive and lifetime policy for `options`, defaults filled in. @throws RangeError on a bad value. */
export function connectionPolicy(options: ServerConnectionOptions): ConnectionPolicy {
  const k = options.keepalive ?? {};
  const strikes = number(k.maxPingStrikes, 2, "keepalive.maxPingStrikes", 0);
  if (Number.isFinite(strikes) && !Number.isInteger(strikes)) {
    throw new RangeError(`Server option keepalive.maxPingStrikes must be an integer, got ${strikes}`);
  }
  if (k.permitWithoutCalls !== undefined && typeof k.permitWithoutCalls !== "boolean") {
    throw new TypeError(`Server option keepalive.permitWithoutCalls must be a boolean, got ${k.permitWithoutCalls}`);
  }
  return {
    keepaliveTimeMs: number(k.timeMs, 2 * 60 * 60 * 1000, "keepalive.timeMs", 1),
    keepaliveTimeoutMs: number(k.timeoutMs, 20_000, "keepalive.timeoutMs", 1),
    minPingIntervalMs: number(k.minPingIntervalMs, 5 * 60 * 1000, "keepalive.minPingIntervalMs", 0),
    permitWithoutCalls: k.permitWithoutCalls ?? false,
    maxPingStrikes: strikes === 0 ? Number.POSITIVE_INFINITY : strikes,
    maxConnectionIdleMs: number(options.maxConnectionIdleMs, Number.POSITIVE_INFINITY, "maxConnectionIdleMs", 1),
    maxConnectionAgeMs: number(options.maxConnectionAgeMs, Number.POSITIVE_INFINITY, "maxConnectionAgeMs", 1),
    maxConnectionAgeGraceMs: number(
      options.maxConnectionAgeGraceMs,
      Number.POSITIVE_INFINITY,
      "maxConnectionAgeGraceMs",
      0,
    ),
    maxClientResetsPerSecond: number(options.maxClientResetsPerSecond, 500, "maxClientResetsPerSecond", 1),
    handshakeTimeoutMs: number(options.handshakeTimeoutMs, 20_000, "handshakeTimeoutMs", 1),
    silenceProbeMs: number(options.silenceProbeMs, 30_000, "silenceProbeMs", 1),
    maxConnections: number(options.maxConnections, 10_000, "maxConnections", 1),
    connectionWindowSizeBytes: integer(
      options.connectionWindowSizeBytes,
      2 << 20,
      "connectionWindowSizeBytes",
      65_535,
      maxInt31,
    ),
  };
}

/** A number ≥ `min` (`Infinity` allowed), or `fallback` when undefined. */
function number(value: number | undefined, fallback: number, name: string, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !(value >= min)) {
    throw new RangeError(`Server option ${name} must be a number ≥ ${min} (or Infinity), got ${value}`);
  }
  return value;
}

/** An integer in [min, max], or `fallback` when undefined. */
function integer(value: number | undefined, fallback: number, name: string, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`Server option ${name} must be an integer from ${min} to ${max}, got ${value}`);
  }
  return value;
}
