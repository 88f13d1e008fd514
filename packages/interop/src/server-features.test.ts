import { type Channel, Code, createChannel, createClient, RpcError, sendUncompressed } from "h2rpc";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { PayloadType } from "./gen/grpc/testing/messages.js";
import { TestService } from "./gen/grpc/testing/test.h2rpc.js";
import { startGrpcJsServer } from "./grpc-js/peer.js";
import { zeroPayload } from "./payload.js";
import { createInteropServer } from "./server.js";

// Interop server features the client cases do not exercise, on both servers (h2rpc client, loopback).

const servers = {
  h2rpc: async () => {
    const server = createInteropServer();
    const port = await server.listen("127.0.0.1:0");
    return { port, close: () => server.close({ graceMs: 1000 }) };
  },
  "grpc-js": startGrpcJsServer,
};

async function failure(call: () => Promise<unknown>): Promise<RpcError> {
  try {
    await call();
  } catch (error) {
    if (error instanceof RpcError) return error;
    throw error;
  }
  throw new Error("the call succeeded");
}

for (const [name, start] of Object.entries(servers)) {
  describe(`${name} interop server`, () => {
    let server: { port: number; close(): Promise<void> };
    let channel: Channel;
    let client: ReturnType<typeof createClient<typeof TestService>>;
    beforeAll(async () => {
      server = await start();
      channel = createChannel(`127.0.0.1:${server.port}`);
      client = createClient(TestService, channel, { timeoutMs: 5000 });
    });
    afterAll(async () => {
      channel.close();
      await server.close();
    });

    test("interval_us delays each response after the previous one", async () => {
      const started = performance.now();
      const at: number[] = [];
      const stream = client.streamingOutputCall({
        responseParameters: [
          { size: 1, intervalUs: 60_000 },
          { size: 2, intervalUs: 60_000 },
        ],
      });
      for await (const _ of stream) at.push(performance.now() - started);
      expect(at).toHaveLength(2);
      expect(at[0]).toBeGreaterThanOrEqual(55);
      // the second response waits its interval after the first went out, so it comes two intervals after
      // the start. (Not the gap between the two arrivals: a loaded machine can read the first one late.)
      expect(at[1]).toBeGreaterThanOrEqual(115);
    });

    test("an unknown response_type is INVALID_ARGUMENT", async () => {
      const error = await failure(() => client.unaryCall({ responseType: 7 as PayloadType, responseSize: 1 }));
      expect(error.code).toBe(Code.INVALID_ARGUMENT);
    });

    test("HalfDuplexCall answers every request after the half-close, in order", async () => {
      const sizes: number[] = [];
      const requests = [{ responseParameters: [{ size: 3 }, { size: 1 }] }, { responseParameters: [{ size: 2 }] }];
      for await (const r of client.halfDuplexCall(requests)) sizes.push(r.payload?.body.length ?? -1);
      expect(sizes).toEqual([3, 1, 2]);
    });

    test("StreamingOutputCall with response_status sends the responses, then the status", async () => {
      const sizes: number[] = [];
      const error = await failure(async () => {
        for await (const r of client.streamingOutputCall({
          responseParameters: [{ size: 5 }],
          responseStatus: { code: Code.ABORTED, message: "stop" },
        }))
          sizes.push(r.payload?.body.length ?? -1);
      });
      expect(sizes).toEqual([5]);
      expect([error.code, error.rawMessage]).toEqual([Code.ABORTED, "stop"]);
    });
  });
}

describe("h2rpc interop server: CompressedRequest in both directions", () => {
  let server: ReturnType<typeof createInteropServer>;
  let channel: Channel;
  let client: ReturnType<typeof createClient<typeof TestService>>;
  beforeAll(async () => {
    server = createInteropServer();
    const port = await server.listen("127.0.0.1:0");
    channel = createChannel(`127.0.0.1:${port}`);
    client = createClient(TestService, channel, { timeoutMs: 5000, compressMinBytes: 0 });
  });
  afterAll(async () => {
    channel.close();
    await server.close({ graceMs: 1000 });
  });

  test("expect_compressed=false on a compressed message is INVALID_ARGUMENT", async () => {
    const request = { expectCompressed: { value: false }, payload: zeroPayload(100) };
    const error = await failure(() => client.unaryCall(request, { compression: "gzip" }));
    expect(error.code).toBe(Code.INVALID_ARGUMENT);
    const streamed = await failure(() => client.streamingInputCall([request], { compression: "deflate" }));
    expect(streamed.code).toBe(Code.INVALID_ARGUMENT);
  });

  test("the per-message flag decides, not grpc-encoding: a gzip call's uncompressed message is uncompressed", async () => {
    const request = { expectCompressed: { value: true }, payload: zeroPayload(100) };
    const error = await failure(() => client.unaryCall(sendUncompressed({ ...request }), { compression: "gzip" }));
    expect(error.code).toBe(Code.INVALID_ARGUMENT);
    await expect(client.unaryCall(request, { compression: "gzip" })).resolves.toBeDefined();
  });
});
