import type { CompressionName } from "./compression.js";
import type { MethodDefinition } from "./definitions.js";
import type { Metadata, MetadataInit } from "./metadata.js";

/** What a server handler learns about its call, passed as its second argument. */
export interface ServerCallContext {
  /** The method being called. */
  readonly method: MethodDefinition<unknown, unknown>;
  /** Request metadata sent by the client (custom headers only). */
  readonly metadata: Metadata;
  /** The client's address, e.g. `127.0.0.1:53122` or `[::1]:53122`. */
  readonly peer: string;
  /** Aborted when the call ends early: the client cancelled, the deadline passed, or the connection dropped. */
  readonly signal: AbortSignal;
  /** The call's deadline in epoch milliseconds, or undefined when the client set none. */
  readonly deadline: number | undefined;
  /** Response headers; add entries before the first response message (or before {@link sendHeader}). */
  readonly header: Metadata;
  /** Trailers sent when the call ends, with the status (also when the handler throws). */
  readonly trailer: Metadata;
  /** Sends the response headers now (with `extra` merged in), before any message. Later calls are ignored. */
  sendHeader(extra?: MetadataInit): void;
  /** The encoding the client compressed its requests with (`grpc-encoding`), `identity` when none. */
  readonly requestCompression: CompressionName;
  /**
   * Compresses response messages with `name` when the client accepts it (its `grpc-accept-encoding`),
   * else sends them uncompressed. Call before the response headers go out. Default: the server's
   * `compression` option.
   */
  setResponseCompression(name: CompressionName): void;
}
