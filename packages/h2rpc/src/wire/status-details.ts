import { Code } from "../core/code.js";
import type { ErrorDetail } from "../core/error-details.js";
import type { RpcError } from "../core/rpc-error.js";
import { Status } from "../gen/google/rpc/status.js";
import { type HeaderBlock, headerNames } from "./header-names.js";
import { decodeBinaryHeader } from "./metadata-headers.js";

/** A `google.rpc.Status`: what the `grpc-status-details-bin` trailer carries. */
export interface StatusDetails {
  /** The status code; should equal `grpc-status`. */
  code: number;
  /** The status message, not percent-encoded; should equal `grpc-message`. */
  message: string;
  /** The packed details. */
  details: ErrorDetail[];
}

/** Serializes a `google.rpc.Status`. */
export function encodeStatusDetails(status: StatusDetails): Uint8Array {
  return Status.encode({
    code: status.code,
    message: status.message,
    details: status.details.map(({ typeUrl, value }) => ({ typeUrl, value })),
  }).finish();
}

/**
 * Parses a serialized `google.rpc.Status`.
 * @throws Error when the bytes are not a valid message.
 */
export function decodeStatusDetails(bytes: Uint8Array): StatusDetails {
  const status = Status.decode(bytes);
  return { code: status.code, message: status.message, details: status.details };
}

/**
 * Adds `grpc-status-details-bin` (unpadded base64) to an outgoing status block when `error` is not
 * OK and has details; its code and message are the error's, as the spec requires. Never throws:
 * details that cannot be serialized are left out rather than lose the status.
 */
export function writeStatusDetails(error: RpcError, headers: HeaderBlock): void {
  if (error.code === Code.OK || error.details.length === 0) return;
  let bytes: Uint8Array;
  try {
    bytes = encodeStatusDetails({ code: error.code, message: error.rawMessage, details: [...error.details] });
  } catch {
    return;
  }
  headers[headerNames.grpcStatusDetails] = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)
    .toString("base64")
    .replace(/=+$/, "");
}

/**
 * The details of an incoming status block (trailers, or the headers of a Trailers-Only
 * response): empty when `grpc-status-details-bin` is absent, not valid base64, or not a valid
 * `google.rpc.Status`. The code and message inside are not used: `grpc-status` and `grpc-message`
 * decide the status, even when they disagree with them.
 */
export function readStatusDetails(block: HeaderBlock): ErrorDetail[] {
  const raw = block[headerNames.grpcStatusDetails];
  const text = Array.isArray(raw) ? raw[0] : raw;
  if (typeof text !== "string" || text === "") return [];
  try {
    return decodeStatusDetails(decodeBinaryHeader(headerNames.grpcStatusDetails, text)).details;
  } catch {
    return [];
  }
}
