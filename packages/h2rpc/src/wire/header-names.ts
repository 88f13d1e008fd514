/** HTTP/2 and gRPC header names used on the wire. */
export const headerNames = {
  method: ":method",
  path: ":path",
  scheme: ":scheme",
  authority: ":authority",
  status: ":status",
  contentType: "content-type",
  te: "te",
  userAgent: "user-agent",
  grpcTimeout: "grpc-timeout",
  grpcEncoding: "grpc-encoding",
  grpcAcceptEncoding: "grpc-accept-encoding",
  grpcStatus: "grpc-status",
  grpcMessage: "grpc-message",
  grpcStatusDetails: "grpc-status-details-bin",
  grpcPreviousAttempts: "grpc-previous-rpc-attempts",
  grpcRetryPushback: "grpc-retry-pushback-ms",
} as const;

/** The content type h2rpc sends. */
export const grpcContentType = "application/grpc";

/** A header block as node:http2 presents it (values may repeat as arrays). */
export type HeaderBlock = Record<string, string | string[] | number | undefined>;

/**
 * True for `application/grpc` and `application/grpc+proto` (optionally with parameters).
 * Other codecs (`+json`, ...) are not gRPC-protobuf and are refused.
 */
export function isGrpcContentType(value: unknown): boolean {
  if (value === grpcContentType || value === "application/grpc+proto") return true;
  if (typeof value !== "string") return false;
  const base = value.split(";", 1)[0]?.trim().toLowerCase();
  return base === "application/grpc" || base === "application/grpc+proto";
}
