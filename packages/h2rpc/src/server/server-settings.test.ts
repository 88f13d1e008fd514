import { afterEach, describe, expect, test } from "vitest";
import { type Loopback, startLoopback } from "../test-support/loopback.js";
import { createServer } from "./create-server.js";
import { connectionPolicy, http2ServerOptions } from "./server-settings.js";
import { connectRaw, type RawSession, waitFor } from "./test-support/raw-session.js";

let loop: Loopback | undefined;
let raw: RawSession | undefined;
afterEach(async () => {
  raw?.session.destroy();
  raw = undefined;
  await loop?.close();
  loop = undefined;
});

describe("server settings", () => {
  test("defaults: HTTP/2 settings for RPC traffic, no session memory cap", () => {
    expect(http2ServerOptions({})).toEqual({
      settings: {
        maxConcurrentStreams: 1000,
        initialWindowSize: 1 << 20,
        maxFrameSize: 16_384,
        headerTableSize: 4096,
        maxHeaderListSize: 64 << 10,
        enablePush: false,
      },
      maxSessionMemory: Number.MAX_SAFE_INTEGER,
      streamResetBurst: 1000,
      streamResetRate: 500,
    });
    expect(http2ServerOptions({ maxSessionMemoryMb: 64 }).maxSessionMemory).toBe(64);
  });

  test("defaults: keepalive and lifetime as grpc-go, rapid-reset limit", () => {
    expect(connectionPolicy({})).toEqual({
      keepaliveTimeMs: 7_200_000,
      keepaliveTimeoutMs: 20_000,
      minPingIntervalMs: 300_000,
      permitWithoutCalls: false,
      maxPingStrikes: 2,
      maxConnectionIdleMs: Number.POSITIVE_INFINITY,
      maxConnectionAgeMs: Number.POSITIVE_INFINITY,
      maxConnectionAgeGraceMs: Number.POSITIVE_INFINITY,
      maxClientResetsPerSecond: 500,
      handshakeTimeoutMs: 20_000,
      silenceProbeMs: 30_000,
      maxConnections: 10_000,
      connectionWindowSizeBytes: 2 << 20,
    });
    expect(connectionPolicy({ keepalive: { maxPingStrikes: 0 } }).maxPingStrikes).toBe(Number.POSITIVE_INFINITY);
  });

  test.each([
    [{ maxFrameSizeBytes: 16_383 }, /maxFrameSizeBytes/],
    [{ maxFrameSizeBytes: 2 ** 24 }, /maxFrameSizeBytes/],
    [{ initialWindowSizeBytes: 2 ** 31 }, /initialWindowSizeBytes/],
    [{ maxConcurrentStreams: 1.5 }, /maxConcurrentStreams/],
    [{ headerTableSizeBytes: -1 }, /headerTableSizeBytes/],
    [{ maxSessionMemoryMb: 0 }, /maxSessionMemoryMb/],
    [{ keepalive: { timeMs: 0 } }, /keepalive.timeMs/],
    [{ keepalive: { maxPingStrikes: 1.5 } }, /maxPingStrikes/],
    [{ maxConnectionAgeMs: Number.NaN }, /maxConnectionAgeMs/],
    [{ silenceProbeMs: 0 }, /silenceProbeMs/],
  ])("createServer(%o) throws a RangeError naming the option", (options, name) => {
    expect(() => createServer(options)).toThrow(RangeError);
    expect(() => createServer(options)).toThrow(name);
  });

  test("the client receives the configured SETTINGS", async () => {
    loop = await startLoopback(
      {},
      {
        server: {
          maxConcurrentStreams: 7,
          initialWindowSizeBytes: 2 << 20,
          maxFrameSizeBytes: 1 << 20,
          headerTableSizeBytes: 8192,
          maxHeaderListSizeBytes: 32 << 10,
        },
      },
    );
    raw = await connectRaw(loop.port);
    const session = raw.session;
    await waitFor(() => session.remoteSettings.maxConcurrentStreams === 7, 2000, "the server's SETTINGS");
    expect(session.remoteSettings).toMatchObject({
      maxConcurrentStreams: 7,
      initialWindowSize: 2 << 20,
      maxFrameSize: 1 << 20,
      headerTableSize: 8192,
      maxHeaderListSize: 32 << 10,
      enablePush: false,
    });
  });
});
