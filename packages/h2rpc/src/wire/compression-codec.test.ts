import * as zlib from "node:zlib";
import { describe, expect, test } from "vitest";
import { Code } from "../core/code.js";
import type { RpcError } from "../core/rpc-error.js";
import { compressMessage, decompressMessage, parseAcceptEncoding } from "./compression-codec.js";

const text = new TextEncoder().encode("hello hello hello hello hello hello ".repeat(100));

describe("compression codec", () => {
  test.each(["gzip", "deflate"] as const)("%s round-trips and shrinks repetitive data", (name) => {
    const packed = compressMessage(name, text);
    expect(packed.length).toBeLessThan(text.length / 4);
    expect(decompressMessage(name, packed, 1 << 20)).toEqual(Buffer.from(text));
  });

  test("deflate is the zlib format (RFC 1950), as other gRPC stacks send it", () => {
    expect(decompressMessage("deflate", zlib.deflateSync(text), 1 << 20).length).toBe(text.length);
  });

  test("a message exactly at the limit passes; one byte over is RESOURCE_EXHAUSTED", () => {
    const packed = compressMessage("gzip", text);
    expect(decompressMessage("gzip", packed, text.length).length).toBe(text.length);
    expect(() => decompressMessage("gzip", packed, text.length - 1)).toThrow(
      expect.objectContaining({ code: Code.RESOURCE_EXHAUSTED }),
    );
  });

  test("a gzip bomb is stopped at the limit, not inflated in full", () => {
    const bomb = zlib.gzipSync(Buffer.alloc(128 << 20)); // 128 MiB of zeros, ~128 KiB packed
    const before = process.memoryUsage().arrayBuffers;
    let error: RpcError | undefined;
    try {
      decompressMessage("gzip", bomb, 4 << 20);
    } catch (e) {
      error = e as RpcError;
    }
    expect(error?.code).toBe(Code.RESOURCE_EXHAUSTED);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 << 20);
  });

  test("corrupt data is INTERNAL", () => {
    expect(() => decompressMessage("gzip", new Uint8Array([1, 2, 3, 4]), 100)).toThrow(
      expect.objectContaining({ code: Code.INTERNAL }),
    );
  });

  test("grpc-accept-encoding parsing tolerates spaces and case, and always accepts identity", () => {
    expect([...parseAcceptEncoding("gzip, Deflate")].sort()).toEqual(["deflate", "gzip", "identity"]);
    expect([...parseAcceptEncoding(undefined)]).toEqual(["identity"]);
  });
});
