import * as http2 from "node:http2";
import { afterEach, describe, expect, test } from "vitest";
import { createClient } from "../client/create-client.js";
import { TestMessageType, TestService } from "../test-support/bytes-service.js";
import { startScriptedServer } from "../test-support/scripted-server.js";
import { encodeFrame } from "../wire/framing.js";
import { createChannel } from "./channel.js";
import { KeepalivePolicy } from "./keepalive.js";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe("KeepalivePolicy", () => {
  test("is off by default, with a 20 s timeout, as in gRPC", () => {
    const p = new KeepalivePolicy({});
    expect(p.enabled).toBe(false);
    expect(p.timeoutMs).toBe(20_000);
    expect(p.permitWithoutCalls).toBe(false);
  });

  test("backOff doubles the interval", () => {
    const p = new KeepalivePolicy({ keepaliveTimeMs: 1000 });
    p.backOff();
    p.backOff();
    expect(p.timeMs).toBe(4000);
  });

  test("refuses non-positive times", () => {
    expect(() => new KeepalivePolicy({ keepaliveTimeMs: 0 })).toThrow(/positive/);
  });
});

describe("client keepalive against a server enforcing a ping policy", () => {
  test("GOAWAY ENHANCE_YOUR_CALM too_many_pings doubles the client's ping interval", async () => {
    const pingTimes = new Map<http2.ServerHttp2Session, number[]>();
    const server = await startScriptedServer((stream) => {
      stream.on("data", () => {});
      stream.on("end", () => {
        stream.respond({ ":status": 200, "content-type": "application/grpc" }, { waitForTrailers: true });
        stream.on("wantTrailers", () => stream.sendTrailers({ "grpc-status": "0" }));
        stream.end(encodeFrame(TestMessageType.encode({ label: "", payload: new Uint8Array(0) }).finish()));
      });
    });
    cleanups.push(() => server.close());
    let sessionNumber = 0;
    const sessions: http2.ServerHttp2Session[] = [];
    // watch pings on every server session: the first one answers the 4th ping with too_many_pings
    const onSession = (session: http2.ServerHttp2Session) => {
      const n = ++sessionNumber;
      sessions.push(session);
      const times: number[] = [];
      pingTimes.set(session, times);
      session.on("ping", () => {
        times.push(Date.now());
        if (n === 1 && times.length === 4) {
          session.goaway(http2.constants.NGHTTP2_ENHANCE_YOUR_CALM, 0, Buffer.from("too_many_pings"));
          session.close();
        }
      });
    };
    server.raw.on("session", onSession);

    const channel = createChannel(`127.0.0.1:${server.port}`, {
      keepaliveTimeMs: 40,
      keepalivePermitWithoutCalls: true,
    });
    cleanups.push(() => channel.close());
    const client = createClient(TestService, channel);
    await client.unary({});
    await new Promise((r) => setTimeout(r, 400)); // first session: pings every 40 ms, then GOAWAY
    await client.unary({}); // reconnects
    await new Promise((r) => setTimeout(r, 500));
    const intervals = (times: number[]) => times.slice(1).map((t, i) => t - (times[i] as number));
    const first = intervals(pingTimes.get(sessions[0] as http2.ServerHttp2Session) ?? []);
    const second = intervals(pingTimes.get(sessions[1] as http2.ServerHttp2Session) ?? []);
    expect(first.length).toBeGreaterThanOrEqual(3);
    expect(second.length).toBeGreaterThanOrEqual(2);
    // timers never fire early: every interval of the second session is at least the doubled 80 ms
    // (means would compare load spikes on a busy machine, not the interval)
    expect(Math.min(...second)).toBeGreaterThanOrEqual(78);
    expect(Math.min(...first)).toBeLessThan(78);
  });
});

describe("h2rpc client against the h2rpc server's ping enforcement", () => {
  test("a client pinging too often is sent too_many_pings, backs off, and then stays connected", {
    timeout: 15_000,
  }, async () => {
    const { createServer, connectionStats } = await import("../server/create-server.js");
    const server = createServer({ keepalive: { minPingIntervalMs: 150, permitWithoutCalls: true } }).add(TestService, {
      unary: () => ({}),
      serverStream: () => [],
      clientStream: async () => ({}),
      bidi: () => [],
    });
    const port = await server.listen("127.0.0.1:0");
    cleanups.push(() => server.forceShutdown());
    const channel = createChannel(`127.0.0.1:${port}`, { keepaliveTimeMs: 40, keepalivePermitWithoutCalls: true });
    cleanups.push(() => channel.close());
    const client = createClient(TestService, channel);
    const stats = connectionStats(server);
    const deadline = Date.now() + 8000;
    // 40 ms → GOAWAY → 80 ms → GOAWAY → 160 ms: within policy from then on. A call (re)connects;
    // then the connection idles (responses would reset the strikes, as in grpc-go).
    while (stats.tooManyPings < 2 && Date.now() < deadline) {
      await client.unary({}).catch(() => {});
      await new Promise((r) => setTimeout(r, 600));
    }
    expect(stats.tooManyPings).toBe(2);
    await client.unary({}).catch(() => {});
    const pingsBefore = stats.pingsReceived;
    await new Promise((r) => setTimeout(r, 800));
    await client.unary({});
    expect(stats.tooManyPings).toBe(2); // no further strikes-out
    expect(stats.pingsReceived - pingsBefore).toBeGreaterThanOrEqual(3); // still pinging, at ~160 ms
  });
});
