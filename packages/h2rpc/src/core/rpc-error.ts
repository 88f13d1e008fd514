import { Code, codeName, isCode } from "./code.js";
import { checkErrorDetails, type ErrorDetail, type ErrorDetailType } from "./error-details.js";
import { Metadata } from "./metadata.js";

const brand = Symbol.for("h2rpc.RpcError");

/** Extra fields of an {@link RpcError}. */
export interface RpcErrorOptions {
  /** Trailing metadata sent with (or received with) the status. */
  metadata?: Metadata;
  /** The underlying cause, kept for logs; never sent to a peer. */
  cause?: unknown;
  /**
   * Rich error details (the `details` of a `google.rpc.Status`), sent in the `grpc-status-details-bin`
   * trailer: build them with {@link ErrorDetails} (`ErrorDetails.BadRequest.pack({...})`) or
   * {@link errorDetailType} for your own messages.
   */
  details?: readonly ErrorDetail[];
  /**
   * From a server handler: tells clients that retry (gRFC A6 retry policies) to wait this many
   * ms before their next attempt, or `"never"` to stop retrying; sent as `grpc-retry-pushback-ms`.
   * Load shedding uses it to spread retries out.
   */
  retryPushbackMs?: number | "never";
}

/**
 * The one error type of h2rpc: a gRPC status code, its message and trailing metadata.
 * Thrown by clients when a call ends with a non-OK status; thrown by handlers to choose the status sent.
 * `instanceof` works across duplicate copies of the package.
 */
export class RpcError extends Error {
  /** The gRPC status code. */
  readonly code: Code;
  /** The status message as sent on the wire (without the code prefix of `message`). */
  readonly rawMessage: string;
  /** Trailing metadata of the call. */
  readonly metadata: Metadata;
  /**
   * Rich error details, packed (type URL and bytes), in the order sent; empty when none. Read them
   * typed with {@link findDetail} / {@link findDetails}; entries of types you don't know stay here as is.
   */
  readonly details: readonly ErrorDetail[];
  /** The retry pushback a server handler asks for (see {@link RpcErrorOptions.retryPushbackMs}). */
  readonly retryPushbackMs: number | "never" | undefined;

  /** Creates an error with status `code` and message `rawMessage`. */
  constructor(code: Code, rawMessage: string, options: RpcErrorOptions = {}) {
    super(`${codeName(code)}: ${rawMessage}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "RpcError";
    this.code = code;
    this.rawMessage = rawMessage;
    this.metadata = options.metadata ?? new Metadata();
    this.details = options.details === undefined ? noDetails : checkErrorDetails(options.details);
    const pushback = options.retryPushbackMs;
    if (pushback !== undefined && pushback !== "never" && !(Number.isFinite(pushback) && pushback >= 0)) {
      throw new RangeError(`retryPushbackMs must be a number of ms ≥ 0 or "never", got ${String(pushback)}`);
    }
    this.retryPushbackMs = pushback;
  }

  /**
   * The first detail of `type`, decoded, e.g. `error.findDetail(ErrorDetails.ErrorInfo)`; undefined
   * when there is none. Details of that type whose bytes do not decode are skipped.
   */
  findDetail<T>(type: ErrorDetailType<T>): T | undefined {
    for (const detail of this.details) {
      const message = tryUnpack(type, detail);
      if (message !== undefined) return message;
    }
    return undefined;
  }

  /** Every detail of `type`, decoded, in order (skipping ones whose bytes do not decode). */
  findDetails<T>(type: ErrorDetailType<T>): T[] {
    const out: T[] = [];
    for (const detail of this.details) {
      const message = tryUnpack(type, detail);
      if (message !== undefined) out.push(message);
    }
    return out;
  }

  /** The upper-case name of {@link code}, e.g. `NOT_FOUND`. */
  get codeName(): string {
    return codeName(this.code);
  }

  /**
   * Turns any thrown value into an RpcError: an RpcError passes through, an AbortError or
   * TimeoutError from an AbortSignal becomes CANCELLED or DEADLINE_EXCEEDED, anything else
   * becomes `fallback` (UNKNOWN) keeping the original as `cause`.
   */
  static from(value: unknown, fallback: Code = Code.UNKNOWN): RpcError {
    if (value instanceof RpcError) return value;
    if (value instanceof Error) {
      if (value.name === "AbortError")
        return new RpcError(Code.CANCELLED, "The operation was cancelled", { cause: value });
      if (value.name === "TimeoutError")
        return new RpcError(Code.DEADLINE_EXCEEDED, "Deadline exceeded", { cause: value });
      return new RpcError(fallback, value.message, { cause: value });
    }
    return new RpcError(fallback, describe(value), { cause: value });
  }

  /** True for any RpcError, including one from another copy of the package. Subclasses keep the usual prototype check. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass being tested against
    if (this !== RpcError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === "object" && value !== null && brand in value;
  }

  /** @internal brand for {@link RpcError.[Symbol.hasInstance]} */
  readonly [brand] = true;
}

const noDetails: readonly ErrorDetail[] = Object.freeze([]);

function tryUnpack<T>(type: ErrorDetailType<T>, detail: ErrorDetail): T | undefined {
  try {
    return type.unpack(detail);
  } catch {
    return undefined;
  }
}

/** `String(value)`, or `[object Object]`-style text when that throws (no `toString`, or a throwing one). */
function describe(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** Builds an RpcError from a status received on the wire; an out-of-range code becomes UNKNOWN. */
export function rpcErrorFromWire(
  code: number,
  message: string,
  metadata: Metadata,
  details?: readonly ErrorDetail[],
): RpcError {
  return isCode(code)
    ? new RpcError(code, message, { metadata, details })
    : new RpcError(Code.UNKNOWN, `Unknown status code ${code}: ${message}`, { metadata, details });
}
