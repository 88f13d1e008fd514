import * as zlib from "node:zlib";
import { afterEach, describe, expect, test } from "vitest";
import { Code } from "../core/code.js";
import { sendUncompressed, wasCompressed } from "../core/compression.js";
import type { RpcError } from "../core/rpc-error.js";
import { TestMessageType } from "../test-support/bytes-service.js";
import { collect, type Loopback, rejection, startLoopback } from "../test-support/loopback.js";
import { rawRequest } from "../test-support/raw-client.js";
import { encodeFrame } from "../wire/framing.js";

let loop: Loopback | undefined;
afterEach(async () => {
  await loop?.close();
  loop = undefined;
});

const big = new Uint8Array(64 << 10).fill(1);
const unaryPath = "/h2rpc.test.TestService/Unary";

describe("compression", () => {
  test.each(["gzip", "deflate"] as const)("client → server %s: the handler sees a compressed request", async (name) => {
    const seen: { encoding: string; compressed: boolean; size: number }[] = [];
    loop = await startLoopback({
      unary(req, ctx) {
        seen.push({ encoding: ctx.requestCompression, compressed: wasCompressed(req), size: req.payload.length });
        return {};
      },
    });
    await loop.client.unary({ payload: big }, { compression: name });
    await loop.client.unary({ payload: new Uint8Array(10) }, { compression: name }); // under compressMinBytes
    expect(seen).toEqual([
      { encoding: name, compressed: true, size: big.length },
      { encoding: name, compressed: false, size: 10 },
    ]);
  });

  test("server → client: responses compressed per call, with per-message opt-out", async () => {
    loop = await startLoopback({
      async *serverStream(_req, ctx) {
        ctx.setResponseCompression("gzip");
        yield { label: "a", payload: big };
        yield sendUncompressed({ label: "b", payload: big });
        yield { label: "c", payload: new Uint8Array(5) };
      },
    });
    const got = await collect(loop.client.serverStream({}));
    expect(got.map((m) => [m.label, wasCompressed(m), m.payload.length])).toEqual([
      ["a", true, big.length],
      ["b", false, big.length],
      ["c", false, 5],
    ]);
  });

  test("a server-wide default applies to every call", async () => {
    loop = await startLoopback({ unary: () => ({ payload: big }) }, { server: { compression: "deflate" } });
    expect(wasCompressed(await loop.client.unary({}))).toBe(true);
  });

  test("the server does not compress for a client that does not accept it", async () => {
    loop = await startLoopback({ unary: () => ({ payload: big }) }, { server: { compression: "gzip" } });
    const request = TestMessageType.encode({ label: "", payload: new Uint8Array(0) }).finish();
    const res = await rawRequest(loop.port, { ":path": unaryPath, "grpc-accept-encoding": "identity" }, [
      encodeFrame(request),
    ]);
    expect(res.headers["grpc-encoding"]).toBeUndefined();
    expect(res.body[0]).toBe(0);
    expect(res.trailers?.["grpc-status"]).toBe("0");
  });

  test("an unsupported request encoding is UNIMPLEMENTED, listing what the server accepts", async () => {
    loop = await startLoopback({ unary: () => ({}) });
    const res = await rawRequest(loop.port, { ":path": unaryPath, "grpc-encoding": "snappy" }, [
      encodeFrame(new Uint8Array(0)),
    ]);
    expect(res.headers["grpc-status"]).toBe(String(Code.UNIMPLEMENTED));
    expect(String(res.headers["grpc-accept-encoding"])).toContain("gzip");
  });

  test("a gzip bomb is refused with RESOURCE_EXHAUSTED; the limit is on the inflated size", async () => {
    loop = await startLoopback({ unary: () => ({}) }, { server: { maxReceiveMessageBytes: 1 << 20 } });
    const bomb = zlib.gzipSync(Buffer.alloc(64 << 20));
    expect(bomb.length).toBeLessThan(1 << 20);
    const res = await rawRequest(loop.port, { ":path": unaryPath, "grpc-encoding": "gzip" }, [encodeFrame(bomb, true)]);
    expect(res.headers["grpc-status"]).toBe(String(Code.RESOURCE_EXHAUSTED));
  });

  test("corrupt compressed data is INTERNAL; a response over the client's limit is RESOURCE_EXHAUSTED", async () => {
    loop = await startLoopback(
      { unary: () => ({ payload: big }) },
      { server: { compression: "gzip" }, client: { maxReceiveMessageBytes: 1024 } },
    );
    const res = await rawRequest(loop.port, { ":path": unaryPath, "grpc-encoding": "gzip" }, [
      encodeFrame(new Uint8Array([1, 2, 3, 4, 5]), true),
    ]);
    expect(res.headers["grpc-status"]).toBe(String(Code.INTERNAL));
    const error = (await rejection(loop.client.unary({}))) as RpcError;
    expect(error.code).toBe(Code.RESOURCE_EXHAUSTED);
  });

  test("an unknown compression name is refused on the client with a clear message", async () => {
    loop = await startLoopback({ unary: () => ({}) });
    const error = (await rejection(loop.client.unary({}, { compression: "brotli" as never }))) as RpcError;
    expect(error.code).toBe(Code.INVALID_ARGUMENT);
    expect(error.message).toContain("gzip");
  });
});
