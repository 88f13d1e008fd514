import * as http2 from "node:http2";
import * as net from "node:net";
import { Duplex } from "node:stream";
import * as tls from "node:tls";
import { Code } from "../core/code.js";
import type { ClientInterceptor } from "../core/interceptors.js";
import { RpcError } from "../core/rpc-error.js";
import { enableCallScopes } from "../wire/call-scope.js";
import { ServiceConfigIndex } from "../wire/method-config.js";
import { RetryBufferBudget } from "../wire/retry-buffer-budget.js";
import { RetryThrottle } from "../wire/retry-throttle.js";
import type { CountedSocket } from "../wire/socket-bytes.js";
import { AddressPool, type ConnectivityState } from "./address-pool.js";
import type { BackoffOptions } from "./backoff.js";
import {
  type ChannelOptions,
  type ClientTlsOptions,
  type NormalizedChannelOptions,
  normalizeChannelOptions,
} from "./channel-options.js";
import { type ChannelStats, createSessionCounters } from "./channel-stats.js";
import { ClientSession, resetStream } from "./client-session.js";
import { KeepalivePolicy } from "./keepalive.js";
import { type Address, addressKey, defaultResolver, type Resolver } from "./resolver.js";
import { parseTarget, type Target } from "./target.js";
import { type StreamWaiter, WaiterQueue } from "./waiter-queue.js";

export type { ConnectivityState } from "./address-pool.js";
export type { ChannelOptions, ClientTlsOptions, LoadBalancingPolicy } from "./channel-options.js";
export type { ChannelStats } from "./channel-stats.js";

/** A connection to one gRPC target, shared by any number of clients. */
export interface Channel {
  /** The target as given to {@link createChannel}. */
  readonly target: string;
  /** Connectivity: idle, connecting, ready, transient_failure or shutdown. */
  readonly state: ConnectivityState;
  /** Calls `listener` on every state change; returns a function that stops it. */
  onStateChange(listener: (state: ConnectivityState) => void): () => void;
  /** Sends an HTTP/2 PING (connecting first if needed) and resolves with the round-trip time in ms. */
  ping(): Promise<number>;
  /** Connection counters (sessions, streams, bytes, pings, GOAWAYs) as of now. */
  stats(): ChannelStats;
  /** Closes every session: open calls fail with UNAVAILABLE; later calls fail at once. */
  close(): void;
}

/** @internal What the client layer needs from a channel. */
export interface StreamOpener {
  /** The `:authority` to send. */
  readonly authority: string;
  /** The `:scheme` to send: `https` over TLS, else `http`. */
  readonly scheme: "http" | "https";
  /** The channel's interceptors (outermost). */
  readonly interceptors: readonly ClientInterceptor[];
  /** The channel's service config, looked up by `:path`. */
  readonly serviceConfig: ServiceConfigIndex;
  /** Retry throttling, when the service config sets it. */
  readonly retryThrottle: RetryThrottle | undefined;
  /** Request bytes held for retries by all calls. */
  readonly retryBudget: RetryBufferBudget;
  /** Request bytes one call may hold for retries. */
  readonly perCallRetryBufferBytes: number;
  /** A stream on a ready session with room, now; undefined when the call must wait. */
  tryOpenStream(headers: http2.OutgoingHttpHeaders, endStream: boolean): http2.ClientHttp2Stream | undefined;
  /**
   * A stream once a session has room. Rejects with UNAVAILABLE (connection failing and not
   * `waitForReady`), RESOURCE_EXHAUSTED (too many waiting calls) or the abort reason.
   */
  waitForStream(
    headers: () => http2.OutgoingHttpHeaders,
    endStream: boolean,
    waitForReady: boolean,
    signal: AbortSignal,
  ): Promise<http2.ClientHttp2Stream>;
}

const openers = new WeakMap<Channel, StreamOpener>();

/** @internal The stream opener behind a public channel. */
export function streamOpenerOf(channel: Channel): StreamOpener {
  const opener = openers.get(channel);
  if (opener === undefined) throw new TypeError("Not an h2rpc channel: create one with createChannel(target)");
  return opener;
}

/**
 * Creates a channel to `target` (`host:port`, `[::1]:port`, `dns:host:port`, `ipv4:a:p,b:p`,
 * `unix:/path`). Nothing connects until the first call; idle sessions never keep the process alive.
 */
export function createChannel(target: string, options: ChannelOptions = {}): Channel {
  enableCallScopes();
  const impl = new ChannelImpl(target, parseTarget(target), options);
  const channel: Channel = {
    target,
    get state() {
      return impl.state;
    },
    onStateChange: (listener) => impl.onStateChange(listener),
    ping: () => impl.ping(),
    stats: () => impl.stats(),
    close: () => impl.close(),
  };
  openers.set(channel, impl);
  return channel;
}

class ChannelImpl implements StreamOpener {
  readonly #targetText: string;
  readonly #target: Target;
  readonly #options: NormalizedChannelOptions;
  readonly #backoff: BackoffOptions;
  readonly #keepalive: KeepalivePolicy;
  readonly #resolver: Resolver;
  readonly #tls: (() => ClientTlsOptions) | undefined;
  readonly #createConnection: ((address: Address) => Duplex) | undefined;
  readonly interceptors: readonly ClientInterceptor[];
  readonly serviceConfig: ServiceConfigIndex;
  readonly retryThrottle: RetryThrottle | undefined;
  readonly retryBudget: RetryBufferBudget;
  readonly perCallRetryBufferBytes: number;
  readonly #waiters = new WaiterQueue();
  readonly #counters = createSessionCounters();
  readonly #listeners = new Set<(state: ConnectivityState) => void>();
  #pools: AddressPool[] = [];
  #resolving: Promise<void> | undefined;
  #resolveError: RpcError | undefined;
  #resolvedAt = 0;
  #pickFirstIndex = 0;
  #roundRobinIndex = 0;
  #state: ConnectivityState = "idle";
  #closed = false;

  constructor(targetText: string, target: Target, options: ChannelOptions) {
    this.#targetText = targetText;
    this.#target = target;
    this.#options = normalizeChannelOptions(options);
    this.#backoff = options;
    this.#keepalive = new KeepalivePolicy(options);
    this.#resolver = options.resolver ?? defaultResolver;
    this.#createConnection = options.createConnection;
    this.interceptors = [...(options.interceptors ?? [])];
    this.serviceConfig = new ServiceConfigIndex(options.serviceConfig, this.#options.maxRetryAttempts);
    this.retryThrottle =
      this.serviceConfig.throttling === undefined ? undefined : new RetryThrottle(this.serviceConfig.throttling);
    this.retryBudget = new RetryBufferBudget(this.#options.retryBufferBytes);
    this.perCallRetryBufferBytes = this.#options.perCallRetryBufferBytes;
    const tls = options.tls ?? target.tls ?? false;
    this.#tls = tls === false ? undefined : tls === true ? () => ({}) : typeof tls === "function" ? tls : () => tls;
  }

  get scheme(): "http" | "https" {
    return this.#tls === undefined ? "http" : "https";
  }

  get authority(): string {
    return this.#target.authority;
  }

  get state(): ConnectivityState {
    return this.#state;
  }

  onStateChange(listener: (state: ConnectivityState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  tryOpenStream(headers: http2.OutgoingHttpHeaders, endStream: boolean): http2.ClientHttp2Stream | undefined {
    if (this.#waiters.size > 0 || this.#closed) return undefined;
    for (let attempt = 0; attempt < 3; attempt++) {
      const session = this.#pickSession();
      if (session === undefined) return undefined;
      try {
        return session.request(headers, endStream);
      } catch {
        session.drain(); // a GOAWAY raced us: this session takes no more streams
      }
    }
    return undefined;
  }

  waitForStream(
    headers: () => http2.OutgoingHttpHeaders,
    endStream: boolean,
    waitForReady: boolean,
    signal: AbortSignal,
  ): Promise<http2.ClientHttp2Stream> {
    if (this.#closed) return Promise.reject(this.#closedError());
    if (this.#waiters.size >= this.#options.maxPendingCalls) {
      return Promise.reject(
        new RpcError(
          Code.RESOURCE_EXHAUSTED,
          `Too many calls waiting for a connection to ${this.#targetText} (${this.#options.maxPendingCalls}); raise ChannelOptions.maxPendingCalls or slow down`,
        ),
      );
    }
    if (!waitForReady && this.#state === "transient_failure") return Promise.reject(this.#failFastError());
    return new Promise((resolve, reject) => {
      const waiter: StreamWaiter = {
        headers,
        endStream,
        waitForReady,
        resolve: (stream) => {
          signal.removeEventListener("abort", onAbort);
          resolve(stream);
        },
        reject: (error) => {
          signal.removeEventListener("abort", onAbort);
          reject(error);
        },
      };
      const onAbort = () => {
        if (this.#waiters.remove(waiter)) reject(RpcError.from(signal.reason, Code.CANCELLED));
      };
      signal.addEventListener("abort", onAbort, { once: true });
      this.#waiters.push(waiter);
      this.#service();
    });
  }

  async ping(): Promise<number> {
    if (this.#closed) throw this.#closedError();
    const ready = this.#pools.find((p) => p.state === "ready");
    if (ready !== undefined) return ready.ping();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.#options.connectTimeoutMs);
    try {
      const stream = await this.waitForStream(
        () => ({ ":method": "OPTIONS", ":path": "/", ":authority": this.authority }),
        true,
        false,
        controller.signal,
      );
      stream.on("error", () => {});
      resetStream(stream, http2.constants.NGHTTP2_CANCEL);
    } finally {
      clearTimeout(timer);
    }
    const pool = this.#pools.find((p) => p.state === "ready");
    if (pool === undefined) throw new RpcError(Code.UNAVAILABLE, `No connection to ${this.#targetText}`);
    return pool.ping();
  }

  stats(): ChannelStats {
    const c = this.#counters;
    let sessionsOpen = 0;
    let sessionsConnecting = 0;
    let streamsActive = 0;
    let bytesSent = c.closedBytesSent;
    let bytesReceived = c.closedBytesReceived;
    for (const pool of this.#pools) {
      for (const session of pool.sessions) {
        if (session.state === "connecting") sessionsConnecting++;
        else if (session.state !== "closed") sessionsOpen++;
        streamsActive += session.activeStreams;
        const bytes = session.bytes;
        bytesSent += bytes.sent;
        bytesReceived += bytes.received;
      }
    }
    return {
      sessionsOpen,
      sessionsConnecting,
      connectAttempts: c.connectAttempts,
      connectFailures: c.connectFailures,
      streamsActive,
      streamsStarted: c.streamsStarted,
      callsWaiting: this.#waiters.size,
      bytesSent,
      bytesReceived,
      pingsSent: c.pingsSent,
      keepaliveTimeouts: c.keepaliveTimeouts,
      goawaysReceived: c.goawaysReceived,
      resetBudgetDrains: c.resetBudgetDrains,
    };
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const reason = this.#closedError();
    for (const w of this.#waiters.removeWhere(() => true)) w.reject(reason);
    for (const pool of this.#pools) pool.close(reason);
    this.#setState("shutdown");
  }

  /** Hands free streams to waiting calls, then makes sure more capacity is on its way. */
  #service(): void {
    while (this.#waiters.size > 0) {
      const session = this.#pickSession();
      if (session === undefined) break;
      const waiter = this.#waiters.peek() as StreamWaiter;
      let stream: http2.ClientHttp2Stream;
      try {
        stream = session.request(waiter.headers(), waiter.endStream);
      } catch {
        session.drain();
        continue;
      }
      this.#waiters.shift();
      waiter.resolve(stream);
    }
    if (this.#waiters.size > 0 && !this.#closed) this.#addCapacity();
    this.#updateState();
    if (this.#state === "transient_failure") {
      const error = this.#failFastError();
      for (const w of this.#waiters.removeWhere((w) => !w.waitForReady)) w.reject(error);
    }
    const waiting = this.#waiters.size > 0;
    for (const pool of this.#pools) pool.refBackoff(waiting);
  }

  #pickSession(): ClientSession | undefined {
    const pools = this.#pools;
    const n = pools.length;
    if (n === 0) return undefined;
    if (this.#options.loadBalancing === "pick_first") {
      for (let i = 0; i < n; i++) {
        const pool = pools[(this.#pickFirstIndex + i) % n] as AddressPool;
        if (pool.state === "ready") return pool.pick();
      }
      return undefined;
    }
    for (let i = 0; i < n; i++) {
      const index = (this.#roundRobinIndex + i) % n;
      const session = (pools[index] as AddressPool).pick();
      if (session !== undefined) {
        this.#roundRobinIndex = index + 1;
        return session;
      }
    }
    return undefined;
  }

  /** Resolves the target if needed, then opens sessions where the policy wants them. */
  #addCapacity(): void {
    if (this.#pools.length === 0 || this.#resolveError !== undefined) {
      this.#resolve();
      return;
    }
    const pools = this.#pools;
    if (this.#options.loadBalancing === "round_robin") {
      let trying = false;
      for (const pool of pools) if (pool.pick() === undefined && pool.grow()) trying = true;
      if (!trying && pools.every((p) => p.state === "transient_failure")) this.#resolve();
      return;
    }
    for (let i = 0; i < pools.length; i++) {
      const index = (this.#pickFirstIndex + i) % pools.length;
      const pool = pools[index] as AddressPool;
      if (pool.state === "transient_failure") continue;
      this.#pickFirstIndex = index;
      if (pool.grow() || pool.state === "ready") return;
    }
    this.#resolve(); // every address is failing: look again
  }

  #resolve(): void {
    if (this.#resolving !== undefined || this.#closed) return;
    if (this.#pools.length > 0 && Date.now() - this.#resolvedAt < 1000) return;
    this.#resolving = this.#resolver
      .resolve(this.#target)
      .then(
        (addresses) => {
          this.#resolveError = undefined;
          this.#setAddresses(addresses);
        },
        (error: unknown) => {
          this.#resolveError = new RpcError(
            Code.UNAVAILABLE,
            `Cannot resolve ${this.#targetText}: ${(error as Error).message ?? String(error)}`,
            { cause: error },
          );
        },
      )
      .finally(() => {
        this.#resolving = undefined;
        this.#resolvedAt = Date.now();
        if (this.#resolveError !== undefined && this.#pools.length === 0) {
          for (const w of this.#waiters.removeWhere(() => true)) w.reject(this.#resolveError);
        }
        this.#service();
      });
    this.#updateState();
  }

  #setAddresses(addresses: Address[]): void {
    const byKey = new Map(this.#pools.map((p) => [addressKey(p.address), p]));
    const next: AddressPool[] = [];
    for (const address of addresses) {
      const key = addressKey(address);
      const existing = byKey.get(key);
      byKey.delete(key);
      next.push(
        existing ??
          new AddressPool(address, {
            openSession: (a, onChange) => this.#openSession(a, onChange),
            maxSessions: this.#options.maxSessions,
            backoff: this.#backoff,
            onChange: () => this.#service(),
          }),
      );
    }
    for (const gone of byKey.values()) gone.drain();
    this.#pools = next;
    this.#pickFirstIndex = 0;
  }

  #openSession(address: Address, onChange: (s: ClientSession) => void): ClientSession {
    const where = addressKey(address);
    const settings = this.#options.settings;
    const tls = this.#tls;
    const authority = this.#target.authority;
    const host = this.#target.kind === "tcp" ? this.#target.host : "localhost";
    const custom = this.#createConnection;
    return new ClientSession({
      connect: (onSocketError, onSocket) =>
        http2.connect(`${tls === undefined ? "http" : "https"}://${authority}`, {
          settings,
          createConnection: () => {
            const raw = custom === undefined ? undefined : custom(address);
            const socket = tls === undefined ? (raw ?? connectPlain(address)) : connectTls(raw ?? address, host, tls());
            socket.once("error", onSocketError);
            onSocket(socket as CountedSocket);
            return socket;
          },
        }),
      counters: this.#counters,
      where,
      tls: tls !== undefined,
      connectTimeoutMs: this.#options.connectTimeoutMs,
      connectionWindowSizeBytes: this.#options.connectionWindowSizeBytes,
      idleTimeoutMs: this.#options.idleTimeoutMs,
      maxStreams: this.#options.maxStreamsPerSession,
      keepalive: this.#keepalive,
      onChange,
    });
  }

  #updateState(): void {
    if (this.#closed) return;
    // runs after every call: counted in a loop, no arrays
    let ready = false;
    let connecting = false;
    let failing = 0;
    for (const pool of this.#pools) {
      const poolState = pool.state;
      if (poolState === "ready") ready = true;
      else if (poolState === "connecting") connecting = true;
      else if (poolState === "transient_failure") failing++;
    }
    const pools = this.#pools.length;
    let state: ConnectivityState = "idle";
    if (ready) state = "ready";
    else if (connecting || this.#resolving !== undefined) state = "connecting";
    else if (pools > 0 && failing === pools) state = "transient_failure";
    else if (pools === 0 && this.#resolveError !== undefined) state = "transient_failure";
    this.#setState(state);
  }

  #setState(state: ConnectivityState): void {
    if (state === this.#state) return;
    this.#state = state;
    for (const listener of this.#listeners) listener(state);
  }

  #failFastError(): RpcError {
    const cause = this.#resolveError ?? this.#pools.find((p) => p.lastError !== undefined)?.lastError;
    return new RpcError(
      Code.UNAVAILABLE,
      cause?.rawMessage ?? `No connection to ${this.#targetText}`,
      cause === undefined ? {} : { cause },
    );
  }

  #closedError(): RpcError {
    return new RpcError(Code.UNAVAILABLE, `Channel to ${this.#targetText} is closed`);
  }
}

function connectPlain(address: Address): Duplex {
  return address.kind === "unix" ? net.connect(address.path) : net.connect({ host: address.host, port: address.port });
}

/** TLS over a new socket to `target`, or over a byte stream the user opened. */
function connectTls(target: Address | Duplex, host: string, options: ClientTlsOptions): tls.TLSSocket {
  const verifyName = options.serverName ?? host;
  const common: tls.ConnectionOptions = {
    ALPNProtocols: ["h2"],
    rejectUnauthorized: options.rejectUnauthorized ?? true,
    checkServerIdentity: (_name, cert) => tls.checkServerIdentity(verifyName, cert),
  };
  if (options.ca !== undefined) common.ca = options.ca;
  if (options.cert !== undefined) common.cert = options.cert;
  if (options.key !== undefined) common.key = options.key;
  if (net.isIP(verifyName) === 0) common.servername = verifyName; // SNI takes host names only
  const socket =
    target instanceof Duplex
      ? tls.connect({ ...common, socket: target })
      : target.kind === "unix"
        ? tls.connect({ ...common, path: target.path })
        : tls.connect({ ...common, host: target.host, port: target.port });
  socket.once("secureConnect", () => {
    if (socket.alpnProtocol !== "h2") {
      socket.destroy(new Error(`server did not negotiate HTTP/2 over TLS (ALPN: ${socket.alpnProtocol || "none"})`));
    }
  });
  return socket;
}
