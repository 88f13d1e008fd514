import { constants as bufferConstants } from "node:buffer";
import * as zlib from "node:zlib";
import { Code } from "../core/code.js";
import type { CompressionName } from "../core/compression.js";
import { RpcError } from "../core/rpc-error.js";

/** The `grpc-accept-encoding` value h2rpc sends: everything it can decode. */
export const acceptEncodingHeader = "gzip,deflate,identity";

/** Compresses one message. `deflate` is the zlib format (RFC 1950), as gRPC means it. */
export function compressMessage(name: Exclude<CompressionName, "identity">, data: Uint8Array): Uint8Array {
  return name === "gzip" ? zlib.gzipSync(data) : zlib.deflateSync(data);
}

/**
 * Decompresses one message, refusing to inflate past `maxBytes` (checked while inflating, so a
 * small "zip bomb" never grows in memory).
 * @throws RpcError RESOURCE_EXHAUSTED past the limit, INTERNAL for corrupt data.
 */
export function decompressMessage(
  name: Exclude<CompressionName, "identity">,
  data: Uint8Array,
  maxBytes: number,
): Uint8Array {
  const maxOutputLength = Math.min(maxBytes + 1, bufferConstants.MAX_LENGTH);
  let out: Buffer;
  try {
    out = name === "gzip" ? zlib.gunzipSync(data, { maxOutputLength }) : zlib.inflateSync(data, { maxOutputLength });
  } catch (e) {
    if ((e as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") throw tooLarge(maxBytes);
    throw new RpcError(Code.INTERNAL, `Failed to decompress ${name} message: ${(e as Error).message}`, { cause: e });
  }
  if (out.length > maxBytes) throw tooLarge(maxBytes);
  return out;
}

function tooLarge(maxBytes: number): RpcError {
  return new RpcError(Code.RESOURCE_EXHAUSTED, `Decompressed message larger than max (${maxBytes} bytes)`);
}

/** Parses a `grpc-accept-encoding` value into the set of encodings the peer accepts (identity always). */
export function parseAcceptEncoding(value: unknown): ReadonlySet<string> {
  if (typeof value !== "string") return identityOnly;
  if (value === lastAcceptEncoding.header) return lastAcceptEncoding.parsed;
  const accepted = new Set<string>(["identity"]);
  for (const part of value.split(",")) accepted.add(part.trim().toLowerCase());
  lastAcceptEncoding = { header: value, parsed: accepted };
  return accepted;
}

const identityOnly: ReadonlySet<string> = new Set(["identity"]);
/** Peers send the same header on every call: parse it once. */
let lastAcceptEncoding: { header: string; parsed: ReadonlySet<string> } = { header: "", parsed: identityOnly };
