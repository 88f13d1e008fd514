import type { CompressionName } from "./compression.js";
import type { ClientInterceptor } from "./interceptors.js";
import type { Metadata, MetadataInit } from "./metadata.js";
import type { ServerCallContext } from "./server-context.js";

/** Options of one client call. */
export interface CallOptions {
  /** Cancels the call when aborted: the stream is reset (CANCEL) and the call fails with CANCELLED. */
  signal?: AbortSignal;
  /** Time allowed for the whole call, in milliseconds; sent to the server as `grpc-timeout`. */
  timeoutMs?: number;
  /** Absolute deadline (a Date or epoch milliseconds); the earlier of this and `timeoutMs` wins. */
  deadline?: Date | number;
  /** Request metadata (custom headers). */
  metadata?: MetadataInit;
  /** Called with the response headers as soon as they arrive, before the first message. */
  onHeader?: (headers: Metadata) => void;
  /** Called with the trailers when the call ends, whatever its status. */
  onTrailer?: (trailers: Metadata) => void;
  /**
   * Compresses request messages with this encoding (`grpc-encoding`). Default `identity`.
   * Messages under the client's `compressMinBytes`, or marked with `sendUncompressed`, go uncompressed.
   */
  compression?: CompressionName;
  /**
   * The server call this call is made on behalf of: the call gets at most its remaining time and
   * is cancelled with it. Default: the server call whose handler is running (found through
   * AsyncLocalStorage), so a handler calling another service propagates without passing anything.
   */
  parent?: ServerCallContext;
  /** Set to false to not inherit deadline and cancellation from the running server call. Default true. */
  propagate?: boolean;
  /**
   * Wait for a connection (until the deadline) instead of failing at once with UNAVAILABLE while
   * the channel is in transient failure. Default false (fail fast), as in gRPC.
   */
  waitForReady?: boolean;
  /** Interceptors for this call only; they run inside the channel's and client's interceptors. */
  interceptors?: readonly ClientInterceptor[];
}
