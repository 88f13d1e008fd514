import { codeName } from "h2rpc";

/** HTTP/2 error code names (RFC 9113 §7). */
const h2ErrorNames = [
  "NO_ERROR",
  "PROTOCOL_ERROR",
  "INTERNAL_ERROR",
  "FLOW_CONTROL_ERROR",
  "SETTINGS_TIMEOUT",
  "STREAM_CLOSED",
  "FRAME_SIZE_ERROR",
  "REFUSED_STREAM",
  "CANCEL",
  "COMPRESSION_ERROR",
  "CONNECT_ERROR",
  "ENHANCE_YOUR_CALM",
  "INADEQUATE_SECURITY",
  "HTTP_1_1_REQUIRED",
] as const;

/** The name of an HTTP/2 error code, e.g. 11 → `ENHANCE_YOUR_CALM`. */
export function h2ErrorName(code: number): string {
  return h2ErrorNames[code] ?? `0x${code.toString(16)}`;
}

/** What the client saw of a stream and its connection, as the table compares it. */
export interface Observed {
  /** `:status` of the response, when one arrived. */
  http?: number;
  /** `grpc-status`, when one arrived. */
  grpc?: number;
  /** The RST_STREAM code the stream closed with, when it was reset with a non-zero code. */
  rst?: number;
  /** The error code of a GOAWAY the connection received, when one arrived. */
  goaway?: number;
}

/** A short text for the table: `HTTP 200 · INTERNAL`, `RST_STREAM ENHANCE_YOUR_CALM`, `GOAWAY STREAM_CLOSED`. */
export function describeObserved(o: Observed): string {
  const parts: string[] = [];
  if (o.http !== undefined) parts.push(`HTTP ${o.http}`);
  if (o.grpc !== undefined) parts.push(codeName(o.grpc));
  if (o.rst !== undefined) parts.push(`RST_STREAM ${h2ErrorName(o.rst)}`);
  if (o.goaway !== undefined) parts.push(`GOAWAY ${h2ErrorName(o.goaway)}`);
  return parts.length === 0 ? "(nothing)" : parts.join(" · ");
}
