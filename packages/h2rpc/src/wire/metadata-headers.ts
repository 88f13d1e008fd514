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
      ? values.map((v) =>
          Buffer.from(v as Uint8Array)
            .toString("base64")
            .replace(/=+$/, ""),
        )
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
  const decoded = Buffer.from(trimmed, "base64");
  return new Uint8Array(decoded.buffer, decoded.byteOffset, decoded.length);
}

/**
 * Reads the custom metadata of an incoming header block: skips pseudo headers, `grpc-*`
 * and connection headers; `-bin` values are base64-decoded (several may be comma-joined).
 * Pass node's raw header list (`[name, value, name, value, ...]`) to keep repeated keys as
 * separate values; node's header object joins them with ", ".
 *
 * A text value with a byte outside printable ASCII (0x20–0x7E; node hands header bytes over as
 * latin1) is dropped, the call goes on: gRPC says implementations must not fail a call for such a
 * value but may throw it away (PROTOCOL-HTTP2.md, Custom-Metadata), grpc-js drops it too, and
 * keeping it would hand handlers mojibake that h2rpc itself refuses to send back.
 * @throws RpcError INTERNAL for invalid base64.
 */
export function readMetadataHeaders(headers: HeaderBlock | readonly string[]): Metadata {
  return readCustomMetadata(headers) ?? new Metadata();
}

/** {@link readMetadataHeaders}, but undefined when the block carries no metadata (no Metadata made). */
export function readCustomMetadata(headers: HeaderBlock | readonly string[]): Metadata | undefined {
  let metadata: Metadata | undefined;
  if (Array.isArray(headers)) {
    const raw = headers as readonly string[];
    for (let i = 0; i + 1 < raw.length; i += 2)
      metadata = addHeader(metadata, (raw[i] as string).toLowerCase(), raw[i + 1] as string);
    return metadata;
  }
  const block = headers as HeaderBlock;
  for (const key in block) {
    const raw = block[key];
    if (raw === undefined) continue;
    if (Array.isArray(raw)) for (const value of raw) metadata = addHeader(metadata, key, value);
    else metadata = addHeader(metadata, key, String(raw));
  }
  return metadata;
}

/** Adds one header to `metadata` (made on the first one that is metadata) and returns it. */
function addHeader(metadata: Metadata | undefined, key: string, value: string): Metadata | undefined {
  if (key.charCodeAt(0) === 58 /* ':' */ || key.startsWith("grpc-") || notMetadata.has(key)) return metadata;
  if (isBinaryKey(key)) {
    const target = metadata ?? new Metadata();
    for (const part of value.split(",")) target.appendTrusted(key, decodeBinaryHeader(key, part));
    return target;
  }
  if (!isPrintableAscii(value)) return metadata;
  const target = metadata ?? new Metadata();
  target.appendTrusted(key, value);
  return target;
}

function isPrintableAscii(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}
