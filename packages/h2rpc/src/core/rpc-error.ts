import { Code, codeName, isCode } from "./code.js";
import { Metadata } from "./metadata.js";

const brand = Symbol.for("h2rpc.RpcError");

/** Extra fields of an {@link RpcError}. */
export interface RpcErrorOptions {
  /** Trailing metadata sent with (or received with) the status. */
  metadata?: Metadata;
  /** The underlying cause, kept for logs; never sent to a peer. */
  cause?: unknown;
  /** Decoded `google.rpc.Status` details (`google.protobuf.Any` messages), if any. */
  details?: readonly unknown[];
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
  /** Decoded rich error details, empty when none. */
  readonly details: readonly unknown[];

  /** Creates an error with status `code` and message `rawMessage`. */
  constructor(code: Code, rawMessage: string, options: RpcErrorOptions = {}) {
    super(`${codeName(code)}: ${rawMessage}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "RpcError";
    this.code = code;
    this.rawMessage = rawMessage;
    this.metadata = options.metadata ?? new Metadata();
    this.details = options.details ?? [];
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

/** `String(value)`, or `[object Object]`-style text when that throws (no `toString`, or a throwing one). */
function describe(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** Builds an RpcError from a status received on the wire; an out-of-range code becomes UNKNOWN. */
export function rpcErrorFromWire(code: number, message: string, metadata: Metadata): RpcError {
  return isCode(code)
    ? new RpcError(code, message, { metadata })
    : new RpcError(Code.UNKNOWN, `Unknown status code ${code}: ${message}`, { metadata });
}
