import * as http2 from "node:http2";
import { afterEach, describe, expect, test } from "vitest";
import { Code } from "../core/code.js";
import type { RpcError } from "../core/rpc-error.js";
import { TestMessageType, TestService } from "../test-support/bytes-service.js";
import { rejection } from "../test-support/loopback.js";
import { type StreamScript, startScriptedServer } from "../test-support/scripted-server.js";
import { type Channel, createChannel } from "../transport/channel.js";
import { encodeFrame, encodeFrameHeader } from "../wire/framing.js";
import { createClient } from "./create-client.js";

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

const ok = { ":status": 200, "content-type": "application/grpc" };
const reply = encodeFrame(TestMessageType.encode({ label: "r", payload: new Uint8Array(0) }).finish());

/** Runs one unary and one server-streaming call against a scripted server; returns their errors. */
async function against(script: StreamScript, timeoutMs = 3000) {
  const server = await startScriptedServer(script);
  const channel: Channel = createChannel(`127.0.0.1:${server.port}`);
  cleanup = async () => {
    channel.close();
    await server.close();
  };
  const client = createClient(TestService, channel, { timeoutMs });
  const t0 = Date.now();
  const unary = (await rejection(client.unary({}))) as RpcError;
  const streaming = (await rejection(
    (async () => {
      for await (const _ of client.serverStream({}));
    })(),
  )) as RpcError;
  return { unary, streaming, ms: Date.now() - t0 };
}

function respondThen(then: (stream: http2.ServerHttp2Stream) => void): StreamScript {
  return (stream) => {
    stream.respond(ok);
    stream.write(reply);
    then(stream);
  };
}

describe("a misbehaving server never hangs the client", () => {
  test("no trailers (END_STREAM on DATA) → INTERNAL", async () => {
    const r = await against(respondThen((s) => s.end()));
    expect(r.unary.code).toBe(Code.INTERNAL);
    expect(r.streaming.code).toBe(Code.INTERNAL);
    expect(r.unary.rawMessage).toMatch(/grpc-status/);
  });

  test("trailers without grpc-status → INTERNAL", async () => {
    const r = await against((stream) => {
      stream.respond(ok, { waitForTrailers: true });
      stream.on("wantTrailers", () => stream.sendTrailers({ "x-other": "1" }));
      stream.end(reply);
    });
    expect(r.unary.code).toBe(Code.INTERNAL);
  });

  test("a non-numeric grpc-status → INTERNAL", async () => {
    const r = await against((stream) => {
      stream.respond(ok, { waitForTrailers: true });
      stream.on("wantTrailers", () => stream.sendTrailers({ "grpc-status": "banana" }));
      stream.end(reply);
    });
    expect(r.unary.code).toBe(Code.INTERNAL);
    expect(r.unary.rawMessage).toContain("banana");
  });

  test("an HTML 502 from a proxy → UNAVAILABLE, the HTML body is not parsed", async () => {
    const r = await against((stream) => {
      stream.respond({ ":status": 502, "content-type": "text/html" });
      stream.end("<html><body>Bad Gateway</body></html>");
    });
    expect(r.unary.code).toBe(Code.UNAVAILABLE);
    expect(r.streaming.code).toBe(Code.UNAVAILABLE);
  });

  test("a 200 that is not gRPC (text/html) → INTERNAL", async () => {
    const r = await against((stream) => {
      stream.respond({ ":status": 200, "content-type": "text/html" });
      stream.end("<html></html>");
    });
    expect(r.unary.code).toBe(Code.INTERNAL);
  });

  test.each([
    ["before headers", (s: http2.ServerHttp2Stream) => s.close(http2.constants.NGHTTP2_INTERNAL_ERROR)],
    [
      "after headers",
      (s: http2.ServerHttp2Stream) => {
        s.respond(ok);
        s.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
      },
    ],
    ["mid-message", respondThen((s) => s.close(http2.constants.NGHTTP2_INTERNAL_ERROR))],
  ])("RST_STREAM %s → INTERNAL", async (_name, script) => {
    const r = await against(script);
    expect(r.unary.code).toBe(Code.INTERNAL);
    expect(r.streaming.code).toBe(Code.INTERNAL);
  });

  test.each([
    [http2.constants.NGHTTP2_REFUSED_STREAM, Code.UNAVAILABLE],
    [http2.constants.NGHTTP2_CANCEL, Code.CANCELLED],
    [http2.constants.NGHTTP2_ENHANCE_YOUR_CALM, Code.RESOURCE_EXHAUSTED],
  ])("RST_STREAM code %i → %i", async (rst, code) => {
    const r = await against((s) => s.close(rst));
    expect(r.unary.code).toBe(code);
  });

  test("a truncated message then OK trailers → INTERNAL", async () => {
    const r = await against((stream) => {
      stream.respond(ok, { waitForTrailers: true });
      stream.on("wantTrailers", () => stream.sendTrailers({ "grpc-status": "0" }));
      stream.write(encodeFrameHeader(100, false));
      stream.end(new Uint8Array(10));
    });
    expect(r.unary.code).toBe(Code.INTERNAL);
    expect(r.streaming.code).toBe(Code.INTERNAL);
  });

  test("a server that never answers: the deadline still fires", async () => {
    const r = await against(() => {}, 200);
    expect(r.unary.code).toBe(Code.DEADLINE_EXCEEDED);
    expect(r.streaming.code).toBe(Code.DEADLINE_EXCEEDED);
    expect(r.ms).toBeLessThan(2000);
  });

  test("the connection dropped mid-call → UNAVAILABLE", async () => {
    const r = await against(respondThen((s) => s.session?.destroy()));
    expect(r.unary.code).toBe(Code.UNAVAILABLE);
    expect(r.streaming.code).toBe(Code.UNAVAILABLE);
  });

  test("a response over the receive limit → RESOURCE_EXHAUSTED, and the channel keeps working", async () => {
    let n = 0;
    const server = await startScriptedServer((stream) => {
      stream.respond(ok, { waitForTrailers: true });
      stream.on("wantTrailers", () => stream.sendTrailers({ "grpc-status": "0" }));
      const payload = n++ === 0 ? new Uint8Array(2048) : new Uint8Array(0);
      stream.end(encodeFrame(TestMessageType.encode({ label: "", payload }).finish()));
    });
    const channel = createChannel(`127.0.0.1:${server.port}`);
    cleanup = async () => {
      channel.close();
      await server.close();
    };
    const client = createClient(TestService, channel, { maxReceiveMessageBytes: 1024 });
    expect(((await rejection(client.unary({}))) as RpcError).code).toBe(Code.RESOURCE_EXHAUSTED);
    await expect(client.unary({})).resolves.toBeDefined();
  });
});

describe("a unary call gets exactly one response", () => {
  async function unaryAgainst(script: StreamScript): Promise<RpcError> {
    const server = await startScriptedServer(script);
    const channel = createChannel(`127.0.0.1:${server.port}`);
    cleanup = async () => {
      channel.close();
      await server.close();
    };
    return (await rejection(createClient(TestService, channel, { timeoutMs: 3000 }).unary({}))) as RpcError;
  }

  test("status OK without a message → INTERNAL", async () => {
    const error = await unaryAgainst((stream) => {
      stream.respond(ok, { waitForTrailers: true });
      stream.on("wantTrailers", () => stream.sendTrailers({ "grpc-status": "0" }));
      stream.end();
    });
    expect(error.code).toBe(Code.INTERNAL);
    expect(error.rawMessage).toMatch(/no response message/);
  });

  test("a second message → INTERNAL at once, and the call is cancelled on the wire", async () => {
    let resetCode: number | undefined;
    const error = await unaryAgainst((stream) => {
      stream.on("close", () => {
        resetCode = stream.rstCode;
      });
      stream.respond(ok);
      stream.write(reply);
      stream.write(reply); // and never any status: the client must not wait for one
    });
    expect(error.code).toBe(Code.INTERNAL);
    expect(error.rawMessage).toMatch(/more than one response message/);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(resetCode).toBe(http2.constants.NGHTTP2_CANCEL);
  });
});
