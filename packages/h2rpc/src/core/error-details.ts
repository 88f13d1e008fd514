import * as rpc from "../gen/google/rpc/error_details.js";
import type { DeepPartial, MessageType } from "./definitions.js";

export type { Duration } from "../gen/google/protobuf/duration.js";
export type {
  BadRequest,
  BadRequest_FieldViolation,
  DebugInfo,
  ErrorInfo,
  Help,
  Help_Link,
  LocalizedMessage,
  PreconditionFailure,
  PreconditionFailure_Violation,
  QuotaFailure,
  QuotaFailure_Violation,
  RequestInfo,
  ResourceInfo,
  RetryInfo,
} from "../gen/google/rpc/error_details.js";

/**
 * One detail of a rich error, packed as a `google.protobuf.Any`: the message's type URL and its
 * serialized bytes. This is what {@link RpcError.details} holds, whatever the type, known or not.
 */
export interface ErrorDetail {
  /** `type.googleapis.com/` followed by the message's full name, e.g. `type.googleapis.com/google.rpc.ErrorInfo`. */
  readonly typeUrl: string;
  /** The serialized (protobuf) message. */
  readonly value: Uint8Array;
}

/** A message type that details can be packed from and unpacked to, e.g. {@link ErrorDetails.ErrorInfo}. */
export interface ErrorDetailType<T> {
  /** The message's fully-qualified protobuf name, e.g. `google.rpc.ErrorInfo`. */
  readonly typeName: string;
  /** The type URL {@link pack} writes: `type.googleapis.com/` + {@link typeName}. */
  readonly typeUrl: string;
  /** Packs a message (unset fields take their proto3 defaults) into a detail for {@link RpcErrorOptions.details}. */
  pack(message: DeepPartial<T>): ErrorDetail;
  /** True when `detail` holds this type: the part of its type URL after the last `/` is {@link typeName}. */
  is(detail: ErrorDetail): boolean;
  /**
   * The decoded message when `detail` holds this type, otherwise undefined.
   * @throws Error when the detail has this type but its bytes are not a valid message.
   */
  unpack(detail: ErrorDetail): T | undefined;
}

/** The prefix of the type URLs h2rpc writes, as every gRPC implementation does. */
export const typeUrlPrefix = "type.googleapis.com/";

/**
 * Describes a message type for use as an error detail: `typeName` is its full protobuf name and
 * `type` its generated codec (ts-proto's message object). The standard ones are in {@link ErrorDetails}.
 *
 * ```ts
 * const OrderConflict = errorDetailType("shop.v1.OrderConflict", GeneratedOrderConflict);
 * throw new RpcError(Code.ABORTED, "order changed", { details: [OrderConflict.pack({ version: 3 })] });
 * ```
 */
export function errorDetailType<T>(typeName: string, type: MessageType<T>): ErrorDetailType<T> {
  const typeUrl = typeUrlPrefix + typeName;
  const is = (detail: ErrorDetail) => detail.typeUrl.slice(detail.typeUrl.lastIndexOf("/") + 1) === typeName;
  return {
    typeName,
    typeUrl,
    pack: (message) => ({ typeUrl, value: type.encode(type.fromPartial(message as never)).finish() }),
    is,
    unpack(detail) {
      if (!is(detail)) return undefined;
      try {
        return type.decode(detail.value);
      } catch (e) {
        throw new Error(`Malformed ${typeName} in error details: ${e instanceof Error ? e.message : String(e)}`, {
          cause: e,
        });
      }
    },
  };
}

/**
 * The standard error details of `google.rpc` (googleapis' error_details.proto), to pack into an
 * {@link RpcError} and to find in one:
 *
 * ```ts
 * throw new RpcError(Code.INVALID_ARGUMENT, "invalid order", {
 *   details: [ErrorDetails.BadRequest.pack({ fieldViolations: [{ field: "quantity", description: "must be > 0" }] })],
 * });
 * // on the client
 * const badRequest = error.findDetail(ErrorDetails.BadRequest); // BadRequest | undefined
 * ```
 */
export const ErrorDetails = {
  /** Why the call failed: a machine-readable reason within a domain, with structured metadata. */
  ErrorInfo: errorDetailType<rpc.ErrorInfo>("google.rpc.ErrorInfo", rpc.ErrorInfo),
  /** When to retry (`retryDelay` is a `{ seconds, nanos }` Duration). */
  RetryInfo: errorDetailType<rpc.RetryInfo>("google.rpc.RetryInfo", rpc.RetryInfo),
  /** Stack entries and debugging text from the server. */
  DebugInfo: errorDetailType<rpc.DebugInfo>("google.rpc.DebugInfo", rpc.DebugInfo),
  /** Which quota checks failed. */
  QuotaFailure: errorDetailType<rpc.QuotaFailure>("google.rpc.QuotaFailure", rpc.QuotaFailure),
  /** Which preconditions were not met. */
  PreconditionFailure: errorDetailType<rpc.PreconditionFailure>(
    "google.rpc.PreconditionFailure",
    rpc.PreconditionFailure,
  ),
  /** Which request fields are invalid. */
  BadRequest: errorDetailType<rpc.BadRequest>("google.rpc.BadRequest", rpc.BadRequest),
  /** The request id and serving data to quote when reporting a problem. */
  RequestInfo: errorDetailType<rpc.RequestInfo>("google.rpc.RequestInfo", rpc.RequestInfo),
  /** The resource being accessed. */
  ResourceInfo: errorDetailType<rpc.ResourceInfo>("google.rpc.ResourceInfo", rpc.ResourceInfo),
  /** Links to documentation or to where the problem can be fixed. */
  Help: errorDetailType<rpc.Help>("google.rpc.Help", rpc.Help),
  /** An error message for end users in a given locale. */
  LocalizedMessage: errorDetailType<rpc.LocalizedMessage>("google.rpc.LocalizedMessage", rpc.LocalizedMessage),
} as const;

/**
 * Checks a caller-supplied list of details and returns a frozen copy.
 * @throws TypeError naming the first entry that is not `{ typeUrl: string, value: Uint8Array }`.
 */
export function checkErrorDetails(details: readonly ErrorDetail[]): readonly ErrorDetail[] {
  if (!Array.isArray(details)) throw new TypeError("RpcError details must be an array of { typeUrl, value }");
  details.forEach((detail: Partial<ErrorDetail> | null, i) => {
    if (typeof detail?.typeUrl !== "string" || !(detail.value instanceof Uint8Array)) {
      throw new TypeError(
        `RpcError details[${i}] is not a packed detail { typeUrl: string, value: Uint8Array }; build it with ErrorDetails.<Type>.pack(...)`,
      );
    }
  });
  return Object.freeze([...details]);
}
