import * as http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { type CompressionName, isCompressionName, supportedCompressions } from "../core/compression.js";
import type { ServiceDefinition } from "../core/definitions.js";
import type { ServerCallContext } from "../core/server-context.js";
import type { ServiceImplementation } from "../core/server-types.js";
import type { HeaderBlock } from "../wire/header-names.js";
import { type DispatchContext, dispatchStream } from "./dispatch-stream.js";
import { parseListenAddress } from "./listen-address.js";
import { Router } from "./router.js";

/** Options of a server. Every field is optional; defaults are documented per field. */
export interface ServerOptions {
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
  /** Most concurrent streams per connection (SETTINGS_MAX_CONCURRENT_STREAMS). Default 1000. */
  maxConcurrentStreams?: number;
  /** Per-stream HTTP/2 receive window in bytes. Default 1 MiB (see ChannelOptions.initialWindowSizeBytes). */
  initialWindowSizeBytes?: number;
  /** Largest request header block accepted, in bytes. Default 64 KiB. */
  maxHeaderListSizeBytes?: number;
  /**
   * Called with an error a handler threw that is not an RpcError. The client only sees
   * UNKNOWN "Unexpected error in the server handler" (no stack, no message). Default: console.error.
   */
  onHandlerError?: (error: unknown, context: ServerCallContext) => void;
}

/** Options of {@link Server.close}. */
export interface CloseOptions {
  /** Time in-flight calls get to finish before they are cancelled, in ms. Default 10 000. */
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
  /** Stops accepting, sends GOAWAY, lets in-flight calls finish within `graceMs`, then cancels the rest. */
  close(options?: CloseOptions): Promise<void>;
  /** Fully-qualified names of the services added. */
  readonly services: readonly string[];
}

/** Creates a server; add services, then {@link Server.listen}. */
export function createServer(options: ServerOptions = {}): Server {
  return new ServerImpl(options);
}

class ServerImpl implements Server {
  readonly #router = new Router();
  readonly #http2: http2.Http2Server;
  readonly #sessions = new Set<http2.ServerHttp2Session>();
  readonly #dispatch: DispatchContext;
  #listening = false;

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
    };
    this.#http2 = http2.createServer({
      settings: {
        maxConcurrentStreams: bytesOption(options.maxConcurrentStreams, 1000, "maxConcurrentStreams"),
        initialWindowSize: bytesOption(options.initialWindowSizeBytes, 1 << 20, "initialWindowSizeBytes"),
        maxHeaderListSize: bytesOption(options.maxHeaderListSizeBytes, 64 << 10, "maxHeaderListSizeBytes"),
        enablePush: false,
      },
    });
    this.#http2.on("session", (session: http2.ServerHttp2Session) => {
      this.#sessions.add(session);
      session.on("error", () => {
        // connection-level failures close the session; its calls see 'close'
      });
      session.once("close", () => this.#sessions.delete(session));
    });
    this.#http2.on("stream", (stream: http2.ServerHttp2Stream, headers: HeaderBlock, _flags: number, raw: string[]) =>
      dispatchStream(stream, headers, raw, this.#dispatch),
    );
    this.#http2.on("sessionError", () => {});
  }

  get services(): readonly string[] {
    return this.#router.serviceNames();
  }

  add<S extends ServiceDefinition>(service: S, implementation: ServiceImplementation<S>): this {
    this.#router.add(service, implementation);
    return this;
  }

  listen(address: string | number): Promise<number> {
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
        const bound = this.#http2.address();
        resolve(typeof bound === "object" && bound !== null ? (bound as AddressInfo).port : 0);
      };
      if (parsed.kind === "unix") this.#http2.listen(parsed.path, onListening);
      else if (parsed.host === undefined) this.#http2.listen(parsed.port, onListening);
      else this.#http2.listen(parsed.port, parsed.host, onListening);
    });
  }

  async close(options: CloseOptions = {}): Promise<void> {
    const graceMs = options.graceMs ?? 10_000;
    const stopped = new Promise<void>((resolve) => {
      if (!this.#http2.listening) resolve();
      else this.#http2.close(() => resolve());
    });
    for (const session of this.#sessions) if (!session.closed) session.close();
    const timer = setTimeout(() => {
      for (const session of this.#sessions) session.destroy();
    }, graceMs);
    timer.unref();
    await stopped;
    clearTimeout(timer);
    this.#listening = false;
  }
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
