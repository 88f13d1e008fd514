import * as http2 from "node:http2";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { type CompressionName, isCompressionName, supportedCompressions } from "../core/compression.js";
import type { ServiceDefinition } from "../core/definitions.js";
import type { ServerInterceptor } from "../core/interceptors.js";
import { setLongTimeout } from "../core/long-timeout.js";
import type { ServerCallContext } from "../core/server-context.js";
import type { ServiceImplementation } from "../core/server-types.js";
import type { HeaderBlock } from "../wire/header-names.js";
import type { CountedSocket } from "../wire/socket-bytes.js";
import { type ConnectionStats, createConnectionStats, type ServerStats } from "./connection-stats.js";
import { type DispatchContext, dispatchStream } from "./dispatch-stream.js";
import { parseListenAddress } from "./listen-address.js";
import { Router } from "./router.js";
import { ServerConnection } from "./server-connection.js";
import {
  type ConnectionPolicy,
  connectionPolicy,
  http2ServerOptions,
  type ServerConnectionOptions,
} from "./server-settings.js";
import { type ServerTlsOptions, secureContextOptions, secureServerOptions } from "./server-tls.js";

/**
 * Options of a server. Every field is optional; defaults are documented per field. HTTP/2 settings,
 * keepalive and connection lifetime are in {@link ServerConnectionOptions}.
 */
export interface ServerOptions extends ServerConnectionOptions {
  /** Largest request message accepted, in bytes. Default 4 MiB; larger ones fail with RESOURCE_EXHAUSTED. */
  maxReceiveMessageBytes?: number;
  /** Largest response message sent, in bytes. Default unlimited. */
  maxSendMessageBytes?: number;
  /**
   * Compression of response messages when the client accepts it (handlers may choose per call with
   * `context.setResponseCompression`). Default `identity`. Requests in gzip, deflate or identity are always accepted.
   */
  compression?: CompressionName;
  /** Response messages smaller than this go uncompressed. Default 1024. */
  compressMinBytes?: number;
  /**
   * Called with an error a handler threw that is not an RpcError. The client only sees
   * UNKNOWN "Unexpected error in the server handler" (no stack, no message). Default: console.error.
   */
  onHandlerError?: (error: unknown, context: ServerCallContext) => void;
  /** Interceptors around every handler (auth, logging, tracing, metrics); the first listed runs outermost. */
  interceptors?: readonly ServerInterceptor[];
  /** Serve TLS (ALPN h2) instead of plaintext h2c; `requireClientCert` for mutual TLS. Default: plaintext. */
  tls?: ServerTlsOptions;
}

/** Options of {@link Server.shutdown} (and its alias {@link Server.close}). */
export interface CloseOptions {
  /**
   * Time in-flight calls get to finish, in ms; then the connections still open are closed and
   * their calls cancelled. Default 10 000.
   */
  graceMs?: number;
}

/** A gRPC server over HTTP/2 (h2c). */
export interface Server {
  /** Adds a service and its implementation. @throws TypeError when a method has no handler. */
  add<S extends ServiceDefinition>(service: S, implementation: ServiceImplementation<S>): this;
  /**
   * Starts listening on `address` (`"127.0.0.1:0"`, `"[::]:50051"`, `50051`, `"unix:/tmp/s.sock"`)
   * and resolves with the bound port (0 picks a free one; 0 for unix sockets).
   */
  listen(address: string | number): Promise<number>;
  /**
   * Graceful shutdown: stops accepting connections, sends GOAWAY on every connection (calls the
   * client started after it are refused with REFUSED_STREAM, safe to retry elsewhere), lets the
   * calls admitted before it finish, and after `graceMs` closes what is left (those handlers'
   * signals fire). Resolves once every connection is closed. Calling it again returns the same promise.
   */
  shutdown(options?: CloseOptions): Promise<void>;
  /** Closes every connection now, cancelling their calls; resolves once all are closed. */
  forceShutdown(): Promise<void>;
  /** Alias of {@link Server.shutdown}. */
  close(options?: CloseOptions): Promise<void>;
  /** Fully-qualified names of the services added. */
  readonly services: readonly string[];
  /** Calls `listener` when shutdown starts, before the GOAWAY (at once if it has); returns an unsubscribe function. */
  onShutdown(listener: () => void): () => void;
  /**
   * Replaces the certificate, key and CAs of a TLS server without a restart: new connections use
   * them, open ones keep theirs. @throws TypeError on a plaintext server.
   */
  setTls(options: ServerTlsOptions): void;
  /**
   * Serves one connection whose bytes arrive some other way than the listener: an in-process
   * pipe (see @h2rpc/testing), a socket handed over by a custom listener. A TLS server runs TLS
   * over it. After shutdown started, the stream is destroyed at once.
   */
  acceptConnection(connection: Duplex): void;
  /** Connection counters (sessions, streams, bytes, pings, GOAWAYs) as of now. */
  stats(): ServerStats;
}

/** Creates a server; add services, then {@link Server.listen}. */
export function createServer(options: ServerOptions = {}): Server {
  return new ServerImpl(options);
}

/**
 * @internal The live connection counters of a server made by {@link createServer} (tests read
 * them as they change); users call {@link Server.stats} for a snapshot.
 */
export function connectionStats(server: Server): Readonly<ConnectionStats> {
  if (!(server instanceof ServerImpl)) throw new TypeError("connectionStats: not a server made by createServer");
  return server.counters;
}

class ServerImpl implements Server {
  readonly #router = new Router();
  readonly #http2: http2.Http2Server | http2.Http2SecureServer;
  readonly #connections = new Set<ServerConnection>();
  readonly #policy: ConnectionPolicy;
  readonly #dispatch: DispatchContext;
  readonly counters = createConnectionStats();
  /** The raw socket of the connection node is turning into a session right now. */
  #arrivingSocket: CountedSocket | undefined;
  #listening = false;
  #shutdown: Promise<void> | undefined;
  #forced = false;
  #shutdownListeners: Set<() => void> | undefined = new Set(); // undefined once shutdown started

  constructor(options: ServerOptions) {
    const onHandlerError =
      options.onHandlerError ??
      ((error: unknown, context: ServerCallContext) =>
        console.error(`h2rpc: handler for ${context.method.path} failed:`, error));
    this.#dispatch = {
      router: this.#router,
      limits: {
        maxReceiveMessageBytes: bytesOption(options.maxReceiveMessageBytes, 4 << 20, "maxReceiveMessageBytes"),
        maxSendMessageBytes: bytesOption(options.maxSendMessageBytes, Number.POSITIVE_INFINITY, "maxSendMessageBytes"),
        compression: compressionOption(options.compression),
        compressMinBytes: bytesOption(options.compressMinBytes, 1024, "compressMinBytes"),
      },
      reportError: onHandlerError,
      interceptors: [...(options.interceptors ?? [])],
    };
    this.#policy = connectionPolicy(options);
    this.#http2 =
      options.tls === undefined
        ? http2.createServer(http2ServerOptions(options))
        : http2.createSecureServer({ ...http2ServerOptions(options), ...secureServerOptions(options.tls) });
    if (Number.isFinite(this.#policy.maxConnections)) this.#http2.maxConnections = this.#policy.maxConnections;
    this.#http2.on("drop", () => {
      this.counters.connectionsRefused++; // node closed it: maxConnections were open
    });
    this.#http2.on("tlsClientError", () => {
      // a failed handshake (plaintext client, bad client certificate) only concerns that connection
    });
    // node makes the session synchronously in its own listener of this event; the session's
    // socket getter is gone by the time it closes, so keep the raw socket for the byte counters
    this.#http2.prependListener(options.tls === undefined ? "connection" : "secureConnection", (socket: Duplex) => {
      this.#arrivingSocket = socket as CountedSocket;
    });
    this.#http2.on("session", (session: http2.ServerHttp2Session) => {
      session.on("error", () => {
        // connection-level failures close the session; its calls see 'close'
      });
      const socket = this.#arrivingSocket;
      this.#arrivingSocket = undefined;
      const connection = new ServerConnection(session, socket, this.#policy, this.counters);
      this.#connections.add(connection);
      void connection.closed.then(() => this.#connections.delete(connection));
      if (this.#forced) connection.destroy();
      else if (this.#shutdown !== undefined) connection.drain(); // accepted just before the listener closed
    });
    this.#http2.on("stream", (stream: http2.ServerHttp2Stream, headers: HeaderBlock, _flags: number, raw: string[]) => {
      ServerConnection.of(stream.session)?.trackStream(stream);
      dispatchStream(stream, headers, raw, this.#dispatch);
    });
    this.#http2.on("sessionError", () => {});
  }

  setTls(options: ServerTlsOptions): void {
    if (!("setSecureContext" in this.#http2)) {
      throw new TypeError("setTls needs a server created with the tls option");
    }
    this.#http2.setSecureContext(secureContextOptions(options));
  }

  acceptConnection(connection: Duplex): void {
    if (this.#shutdown !== undefined) {
      connection.destroy();
      return;
    }
    if (this.#connections.size >= this.#policy.maxConnections) {
      this.counters.connectionsRefused++;
      connection.destroy();
      return;
    }
    this.#http2.emit("connection", connection);
  }

  stats(): ServerStats {
    const snapshot = { ...this.counters };
    for (const connection of this.#connections) {
      const bytes = connection.bytes;
      snapshot.bytesSent += bytes.sent;
      snapshot.bytesReceived += bytes.received;
    }
    return snapshot;
  }

  get services(): readonly string[] {
    return this.#router.serviceNames();
  }

  add<S extends ServiceDefinition>(service: S, implementation: ServiceImplementation<S>): this {
    this.#router.add(service, implementation);
    return this;
  }

  listen(address: string | number): Promise<number> {
    if (this.#shutdown !== undefined) return Promise.reject(new Error("Server is shut down"));
    if (this.#listening) return Promise.reject(new Error("Server is already listening"));
    const parsed = parseListenAddress(address);
    this.#listening = true;
    return new Promise((resolve, reject) => {
      const onError = (error: Error) => {
        this.#listening = false;
        reject(error);
      };
      this.#http2.once("error", onError);
      const onListening = () => {
        this.#http2.off("error", onError);
        if (this.#shutdown !== undefined) {
          this.#http2.close(); // shut down while the listener was opening
          reject(new Error("Server is shut down"));
          return;
        }
        const bound = this.#http2.address();
        resolve(typeof bound === "object" && bound !== null ? (bound as AddressInfo).port : 0);
      };
      if (parsed.kind === "unix") this.#http2.listen(parsed.path, onListening);
      else if (parsed.host === undefined) this.#http2.listen(parsed.port, onListening);
      else this.#http2.listen(parsed.port, parsed.host, onListening);
    });
  }

  shutdown(options: CloseOptions = {}): Promise<void> {
    if (this.#shutdown === undefined) {
      let graceMs: number;
      try {
        graceMs = graceOption(options.graceMs);
      } catch (error) {
        return Promise.reject(error);
      }
      const listeners = this.#shutdownListeners ?? [];
      this.#shutdownListeners = undefined;
      for (const listener of listeners) notifyShutdown(listener);
      this.#shutdown ??= this.#runShutdown(graceMs); // a listener may have called shutdown() itself
    }
    return this.#shutdown;
  }

  onShutdown(listener: () => void): () => void {
    const listeners = this.#shutdownListeners;
    if (listeners === undefined) {
      notifyShutdown(listener);
      return () => {};
    }
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }

  close(options: CloseOptions = {}): Promise<void> {
    return this.shutdown(options);
  }

  forceShutdown(): Promise<void> {
    const done = this.shutdown();
    this.#forced = true;
    for (const connection of this.#connections) connection.destroy();
    return done;
  }

  async #runShutdown(graceMs: number): Promise<void> {
    // net.Server's close callback runs once the listener is closed and every connection ended.
    const stopped = new Promise<void>((resolve) => {
      if (this.#http2.listening) this.#http2.close(() => resolve());
      else resolve();
    });
    for (const connection of this.#connections) connection.drain();
    const grace = setLongTimeout(() => void this.forceShutdown(), graceMs, true);
    try {
      await stopped;
      while (this.#connections.size > 0) await Promise.all([...this.#connections].map((c) => c.closed));
    } finally {
      grace.clear();
      this.#listening = false;
    }
  }
}

/** Runs a shutdown listener; an error it throws is logged and does not stop the shutdown. */
function notifyShutdown(listener: () => void): void {
  try {
    listener();
  } catch (error) {
    console.error("h2rpc: shutdown listener failed:", error);
  }
}

function graceOption(value: number | undefined): number {
  if (value === undefined) return 10_000;
  if (typeof value !== "number" || !(value >= 0)) {
    throw new RangeError(`Shutdown option graceMs must be a number ≥ 0 (or Infinity), got ${value}`);
  }
  return value;
}

function bytesOption(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!(value >= 0) || (Number.isFinite(value) && !Number.isInteger(value))) {
    throw new RangeError(`Server option ${name} must be a non-negative integer, got ${value}`);
  }
  return value;
}

function compressionOption(value: CompressionName | undefined): CompressionName {
  if (value === undefined) return "identity";
  if (!isCompressionName(value)) {
    throw new RangeError(`Server option compression must be one of ${supportedCompressions.join(", ")}, got ${value}`);
  }
  return value;
}
