import { Code } from "../core/code.js";
import type { Metadata } from "../core/metadata.js";
import { RpcError, rpcErrorFromWire } from "../core/rpc-error.js";
import { type HeaderBlock, headerNames, isGrpcContentType } from "./header-names.js";
import { readMetadataHeaders } from "./metadata-headers.js";
import { decodeGrpcMessage } from "./percent-encoding.js";
import { readStatusDetails } from "./status-details.js";

/** Everything a client observed about how a call ended. */
export interface CallOutcome {
  /** A local reason that ends the call first: cancellation, deadline, a protocol error we detected. */
  localError?: RpcError | undefined;
  /** Response headers, if any arrived. */
  headers?: HeaderBlock | undefined;
  /** True when the response headers ended the stream (a Trailers-Only response). */
  headersEndedStream?: boolean | undefined;
  /** Trailers, if any arrived. */
  trailers?: HeaderBlock | undefined;
  /** node's raw list of the block holding the status (trailers, or headers of Trailers-Only), to keep repeated metadata keys. */
  rawStatusBlock?: readonly string[] | undefined;
  /** The RST_STREAM code when the stream was reset (node reports 0 for a normal close). */
  rstCode?: number | undefined;
  /** A connection-level error (socket closed, session destroyed, GOAWAY with error). */
  transportError?: Error | undefined;
}

/** The final status of a call: OK (with trailers) or an RpcError. */
export type CallStatus = { code: typeof Code.OK; metadata: Metadata } | { code: Exclude<Code, 0>; error: RpcError };

const httpStatusCodes: Readonly<Record<number, Code>> = {
  400: Code.INTERNAL,
  401: Code.UNAUTHENTICATED,
  403: Code.PERMISSION_DENIED,
  404: Code.UNIMPLEMENTED,
  429: Code.UNAVAILABLE,
  502: Code.UNAVAILABLE,
  503: Code.UNAVAILABLE,
  504: Code.UNAVAILABLE,
};

/** RST_STREAM error codes (RFC 9113 §7) mapped to statuses, per gRPC's PROTOCOL-HTTP2.md. */
const rstCodes: Readonly<Record<number, Code>> = {
  7: Code.UNAVAILABLE, // REFUSED_STREAM: never processed
  8: Code.CANCELLED, // CANCEL
  11: Code.RESOURCE_EXHAUSTED, // ENHANCE_YOUR_CALM
  12: Code.PERMISSION_DENIED, // INADEQUATE_SECURITY
};

/** The status a non-200 HTTP response maps to when it carries no `grpc-status`. */
export function codeForHttpStatus(status: number): Code {
  return httpStatusCodes[status] ?? Code.UNKNOWN;
}

/** The status an RST_STREAM without trailers maps to. */
export function codeForRstCode(rstCode: number): Code {
  return rstCodes[rstCode] ?? Code.INTERNAL;
}

function statusFrom(
  block: HeaderBlock,
  rawBlock: readonly string[] | undefined,
): RpcError | { code: 0; metadata: Metadata } {
  const raw = block[headerNames.grpcStatus];
  const text = Array.isArray(raw) ? raw[0] : raw === undefined ? "" : String(raw);
  let metadata: Metadata;
  try {
    metadata = readMetadataHeaders(rawBlock ?? block);
  } catch (e) {
    return RpcError.from(e, Code.INTERNAL);
  }
  if (!/^\d{1,9}$/.test(text)) {
    return new RpcError(Code.INTERNAL, `Malformed grpc-status ${JSON.stringify(text.slice(0, 32))} in response`, {
      metadata,
    });
  }
  const code = Number(text);
  if (code === 0) return { code: 0, metadata };
  const rawMessage = block[headerNames.grpcMessage];
  const message = typeof rawMessage === "string" ? decodeGrpcMessage(rawMessage) : "";
  // Rich details (grpc-status-details-bin) ride along; grpc-status and grpc-message stay the status.
  return rpcErrorFromWire(code, message, metadata, readStatusDetails(block));
}

/**
 * Decides a call's final status, in this order:
 * 1. a local reason (cancel, deadline, a protocol error already detected);
 * 2. `grpc-status` in the trailers, or in the headers of a Trailers-Only response;
 * 3. a non-200 HTTP status, mapped as in gRPC's http-grpc-status-mapping.md;
 * 4. a response that is not gRPC (wrong content-type) → INTERNAL;
 * 5. an RST_STREAM code → mapped; a dropped connection → UNAVAILABLE;
 * 6. otherwise the status is missing → INTERNAL.
 */
export function resolveCallStatus(outcome: CallOutcome): CallStatus {
  if (outcome.localError !== undefined) return errorStatus(outcome.localError);
  const { headers, trailers } = outcome;
  // A grpc-status in headers counts only when they ended the stream (Trailers-Only), as in grpc-js.
  const statusBlock =
    trailers?.[headerNames.grpcStatus] !== undefined
      ? trailers
      : outcome.headersEndedStream === true && headers?.[headerNames.grpcStatus] !== undefined
        ? headers
        : undefined;
  if (statusBlock !== undefined) {
    const status = statusFrom(statusBlock, outcome.rawStatusBlock);
    return status instanceof RpcError ? errorStatus(status) : status;
  }
  const httpStatus = headers === undefined ? undefined : Number(headers[headerNames.status]);
  if (httpStatus !== undefined && httpStatus !== 200) {
    return errorStatus(
      new RpcError(codeForHttpStatus(httpStatus), `Received HTTP status ${httpStatus} without a gRPC status`),
    );
  }
  if (headers !== undefined && !isGrpcContentType(headers[headerNames.contentType])) {
    return errorStatus(
      new RpcError(
        Code.INTERNAL,
        `Response is not gRPC: content-type ${JSON.stringify(String(headers[headerNames.contentType] ?? "(none)"))}`,
      ),
    );
  }
  if (outcome.rstCode !== undefined && outcome.rstCode !== 0) {
    return errorStatus(
      new RpcError(codeForRstCode(outcome.rstCode), `Stream reset by peer with code ${outcome.rstCode}`),
    );
  }
  if (outcome.transportError !== undefined) {
    return errorStatus(
      new RpcError(Code.UNAVAILABLE, `Connection lost: ${outcome.transportError.message}`, {
        cause: outcome.transportError,
      }),
    );
  }
  return errorStatus(
    new RpcError(
      Code.INTERNAL,
      headers === undefined
        ? "Stream closed before any response headers"
        : "Response ended without a grpc-status trailer",
    ),
  );
}

function errorStatus(error: RpcError): CallStatus {
  return { code: error.code as Exclude<Code, 0>, error };
}
