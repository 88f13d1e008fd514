import { afterEach, describe, expect, test } from "vitest";
import { Code } from "../core/code.js";
import { TestMessageType } from "../test-support/bytes-service.js";
import { bytes, type Loopback, startLoopback } from "../test-support/loopback.js";
import { frames, rawRequest } from "../test-support/raw-client.js";
import { encodeFrameHeader } from "../wire/framing.js";

let loop: Loopback | undefined;
afterEach(async () => {
  await loop?.close();
  loop = undefined;
});

const unaryPath = "/h2rpc.test.TestService/Unary";
const message = (label: string) => TestMessageType.encode({ label, payload: new Uint8Array(0) }).finish();
const echo = { unary: (req: { label: string }) => ({ label: req.label }) };

describe("server wire behaviour (raw HTTP/2 client)", () => {
  test("a well-formed request gets headers, one message and OK trailers", async () => {
    loop = await startLoopback(echo);
    const res = await rawRequest(loop.port, { ":path": unaryPath }, frames(message("x")));
    expect(res.headers[":status"]).toBe(200);
    expect(res.headers["content-type"]).toBe("application/grpc");
    expect(res.trailers?.["grpc-status"]).toBe("0");
    expect(res.body.length).toBe(5 + message("x").length);
  });

  test("a request split byte by byte across DATA frames still decodes", async () => {
    loop = await startLoopback(echo);
    const framed = frames(message("chunky"))[0] as Uint8Array;
    const chunks = [...framed].map((b) => new Uint8Array([b]));
    const res = await rawRequest(loop.port, { ":path": unaryPath }, chunks);
    expect(res.trailers?.["grpc-status"]).toBe("0");
  });

  test("wrong content-type gets HTTP 415", async () => {
    loop = await startLoopback(echo);
    const res = await rawRequest(loop.port, { ":path": unaryPath, "content-type": "application/json" }, [bytes("{}")]);
    expect(res.headers[":status"]).toBe(415);
    expect(res.headers["grpc-status"]).toBe(String(Code.INTERNAL));
  });

  test("unknown service and unknown method get UNIMPLEMENTED (Trailers-Only)", async () => {
    loop = await startLoopback(echo);
    const noService = await rawRequest(loop.port, { ":path": "/nope.Service/Call" }, frames(message("")));
    expect(noService.headers[":status"]).toBe(200);
    expect(noService.headers["grpc-status"]).toBe(String(Code.UNIMPLEMENTED));
    expect(noService.trailers).toBeUndefined();
    const noMethod = await rawRequest(loop.port, { ":path": "/h2rpc.test.TestService/Nope" }, frames(message("")));
    expect(noMethod.headers["grpc-status"]).toBe(String(Code.UNIMPLEMENTED));
    expect(decodeURIComponent(String(noMethod.headers["grpc-message"]))).toContain("Nope");
  });

  test("a malformed grpc-timeout is INTERNAL", async () => {
    loop = await startLoopback(echo);
    const res = await rawRequest(loop.port, { ":path": unaryPath, "grpc-timeout": "forever" }, frames(message("")));
    expect(res.headers["grpc-status"]).toBe(String(Code.INTERNAL));
  });

  test("the server enforces grpc-timeout on its own: DEADLINE_EXCEEDED without a client cancel", async () => {
    loop = await startLoopback({ unary: () => new Promise(() => {}) });
    const t0 = Date.now();
    const res = await rawRequest(loop.port, { ":path": unaryPath, "grpc-timeout": "100m" }, frames(message("")));
    expect(res.headers["grpc-status"] ?? res.trailers?.["grpc-status"]).toBe(String(Code.DEADLINE_EXCEEDED));
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  test("a unary call with zero or two request messages is INTERNAL", async () => {
    loop = await startLoopback(echo);
    const none = await rawRequest(loop.port, { ":path": unaryPath }, []);
    expect(none.headers["grpc-status"]).toBe(String(Code.INTERNAL));
    const two = await rawRequest(loop.port, { ":path": unaryPath }, frames(message("a"), message("b")));
    expect(two.headers["grpc-status"] ?? two.trailers?.["grpc-status"]).toBe(String(Code.INTERNAL));
  });

  test("a truncated message is INTERNAL and undecodable bytes are INTERNAL", async () => {
    loop = await startLoopback(echo);
    const truncated = await rawRequest(loop.port, { ":path": unaryPath }, [encodeFrameHeader(10, false), bytes("abc")]);
    expect(truncated.headers["grpc-status"]).toBe(String(Code.INTERNAL));
    const garbage = await rawRequest(loop.port, { ":path": unaryPath }, frames(bytes("no separator")));
    expect(garbage.headers["grpc-status"]).toBe(String(Code.INTERNAL));
  });

  test("a declared length over the limit is refused before the body arrives", async () => {
    loop = await startLoopback(echo, { server: { maxReceiveMessageBytes: 1024 } });
    const res = await rawRequest(loop.port, { ":path": unaryPath }, [encodeFrameHeader(1 << 30, false)], {
      endStream: false,
    });
    expect(res.headers["grpc-status"]).toBe(String(Code.RESOURCE_EXHAUSTED));
  });

  test("a compressed flag without grpc-encoding is INTERNAL", async () => {
    loop = await startLoopback(echo);
    const m = message("z");
    const framed = new Uint8Array([...encodeFrameHeader(m.length, true), ...m]);
    const res = await rawRequest(loop.port, { ":path": unaryPath }, [framed]);
    expect(res.headers["grpc-status"]).toBe(String(Code.INTERNAL));
  });

  test("after a bad stream, the same server keeps serving", async () => {
    loop = await startLoopback(echo);
    await rawRequest(loop.port, { ":path": unaryPath }, [encodeFrameHeader(10, false)]);
    await expect(loop.client.unary({ label: "still here" })).resolves.toMatchObject({ label: "still here" });
  });
});
