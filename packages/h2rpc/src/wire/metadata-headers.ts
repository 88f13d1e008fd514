import { Code } from "../core/code.js";
import { isBinaryKey, Metadata } from "../core/metadata.js";
import { RpcError } from "../core/rpc-error.js";
import type { HeaderBlock } from "./header-names.js";

/** Header names that are never metadata: pseudo headers, HTTP/2 connection headers, gRPC's own. */
const notMetadata = new Set([
  "content-type",
  "te",
  "host",
  "connection",
  "user-agent",
  "content-length",
  "transfer-encoding",
  "keep-alive",
  "upgrade",
  "proxy-connection",
  "date",
]);

const base64Pattern = /^[A-Za-z0-9+/]*={0,2}$/;

/** Writes `metadata` into an outgoing header block; `-bin` values become unpadded base64. */
export function writeMetadataHeaders(metadata: Metadata, headers: HeaderBlock): void {
  for (const key of metadata.keys()) {
    const values = metadata.getAll(key);
    const encoded = isBinaryKey(key)
      ? values.map((v) => Buffer.from(v as Uint8Array).toString("base64").replace(/=+$/, ""))
      : (values as string[]);
    headers[key] = encoded.length === 1 ? encoded[0] : encoded;
  }
}

/** Decodes one base64 value of a `-bin` key, padded or not. @throws RpcError INTERNAL when invalid. */
export function decodeBinaryHeader(key: string, value: string): Uint8Array {
  const trimmed = value.trim();
  if (!base64Pattern.test(trimmed) || trimmed.replace(/=+$/, "").length % 4 === 1) {
    throw new RpcError(Code.INTERNAL, `Invalid base64 in binary metadata ${JSON.stringify(key)}`);
  }
  return Buffer.from(trimmed, "base64");
}

/**
 * Reads the custom metadata of an incoming header block: skips pseudo headers, `grpc-*`
 * and connection headers; `-bin` values are base64-decoded (several may be comma-joined).
 * @throws RpcError INTERNAL for invalid base64.
 */
export function readMetadataHeaders(headers: HeaderBlock): Metadata {
  const metadata = new Metadata();
  for (const key in headers) {
    if (key.charCodeAt(0) === 58 /* ':' */ || key.startsWith("grpc-") || notMetadata.has(key)) continue;
    const raw = headers[key];
    if (raw === undefined) continue;
    const values = Array.isArray(raw) ? raw : [String(raw)];
    for (const value of values) {
      if (isBinaryKey(key)) {
        for (const part of value.split(",")) metadata.appendTrusted(key, decodeBinaryHeader(key, part));
      } else {
        metadata.appendTrusted(key, value);
      }
    }
  }
  return metadata;
}
