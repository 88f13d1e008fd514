import * as http2 from "node:http2";
import * as grpc from "@grpc/grpc-js";
import { afterEach, describe, expect, test } from "vitest";
import { type TestMessage, TestMessageType } from "../test-support/bytes-service.js";
import { type Loopback, startLoopback } from "../test-support/loopback.js";
import { connectionStats } from "./create-server.js";
import { connectRaw, type RawSession, sleep, waitFor } from "./test-support/raw-session.js";
import { startTcpProxy, type TcpProxy } from "./test-support/tcp-proxy.js";

const { NGHTTP2_ENHANCE_YOUR_CALM } = http2.constants;
const unaryPath = "/h2rpc.test.TestService/Unary";
const serverStreamPath = "/h2rpc.test.TestService/ServerStream";

let loop: Loopback | undefined;
let raw: RawSession | undefined;
let proxy: TcpProxy | undefined;
const cleanups: (() => void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) c();
  raw?.session.destroy();
  raw = undefined;
  await proxy?.close();
  proxy = undefined;
  await loop?.close();
  loop = undefined;
});

/** A unary handler that answers only when its call is cancelled or after 5 s: a call that stays open. */
const hang = {
  unary: (_: TestMessage, context: { signal: AbortSignal }) =>
    new Promise<TestMessage>((resolve) => {
      const timer = setTimeout(() => resolve({ label: "late", payload: new Uint8Array(0) }), 5000);
      context.signal.addEventListener("abort", () => clearTimeout(timer));
    }),
};

/** PINGs from `raw` every `everyMs` until the session closes or the test ends; counts ACKs. */
function pingEvery(session: RawSession, everyMs: number): { acked: () => number } {
  let acked = 0;
  const timer = setInterval(() => {
    if (session.session.destroyed || session.session.closed) return clearInterval(timer);
    session.session.ping((error) => {
      if (error === null) acked++;
    });
  }, everyMs);
  cleanups.push(() => clearInterval(timer));
  return { acked: () => acked };
}

const tooManyPings = { code: NGHTTP2_ENHANCE_YOUR_CALM, data: "too_many_pings" };

describe("keepalive enforcement (raw node:http2 client)", () => {
  test("a client pinging every 10 ms gets GOAWAY ENHANCE_YOUR_CALM too_many_pings after its strikes", async () => {
    loop = await startLoopback(hang, { server: { keepalive: { minPingIntervalMs: 1000 } } });
    raw = await connectRaw(loop.port);
    const call = raw.call(unaryPath);
    await waitFor(() => connectionStats(loop!.server).streamsActive === 1);
    const pings = pingEvery(raw, 10);
    await waitFor(() => raw!.goaways.length > 0, 2000, "GOAWAY");
    expect(raw.goaways[0]).toMatchObject(tooManyPings);
    expect(pings.acked()).toBeGreaterThanOrEqual(3); // the first PING is free, then 2 strikes tolerated
    expect(pings.acked()).toBeLessThanOrEqual(4);
    expect(connectionStats(loop.server).tooManyPings).toBe(1);
    await raw.closed;
    await call;
  });

  test("PINGs within the policy (with a call open) are answered and never punished", async () => {
    loop = await startLoopback(hang, { server: { keepalive: { minPingIntervalMs: 100 } } });
    raw = await connectRaw(loop.port);
    void raw.call(unaryPath);
    await waitFor(() => connectionStats(loop!.server).streamsActive === 1);
    const pings = pingEvery(raw, 130);
    await waitFor(() => pings.acked() >= 6, 3000, "6 PING ACKs");
    expect(raw.goaways).toEqual([]);
    expect(connectionStats(loop.server).tooManyPings).toBe(0);
  });

  test("PINGs without calls are strikes unless permitWithoutCalls", async () => {
    loop = await startLoopback(hang, { server: { keepalive: { minPingIntervalMs: 50 } } });
    raw = await connectRaw(loop.port);
    pingEvery(raw, 80);
    await waitFor(() => raw!.goaways.length > 0, 2000, "GOAWAY");
    expect(raw.goaways[0]).toMatchObject(tooManyPings);
    raw.session.destroy();
    await loop.close();

    loop = await startLoopback(hang, { server: { keepalive: { minPingIntervalMs: 50, permitWithoutCalls: true } } });
    raw = await connectRaw(loop.port);
    const pings = pingEvery(raw, 80);
    await waitFor(() => pings.acked() >= 6, 3000, "6 PING ACKs");
    expect(raw.goaways).toEqual([]);
  });

  test("data sent by the server clears the strikes: fast PINGs during a busy stream are fine", async () => {
    loop = await startLoopback(
      {
        async *serverStream(_: TestMessage, context: { signal: AbortSignal }) {
          while (!context.signal.aborted) {
            yield { label: "tick", payload: new Uint8Array(100) };
            await sleep(5);
          }
        },
      },
      { server: { keepalive: { minPingIntervalMs: 1000 } } },
    );
    raw = await connectRaw(loop.port);
    void raw.call(serverStreamPath);
    const pings = pingEvery(raw, 20);
    await waitFor(() => pings.acked() >= 15, 3000, "15 PING ACKs");
    expect(raw.goaways).toEqual([]);
  });

  test("maxPingStrikes 0 turns enforcement off", async () => {
    loop = await startLoopback(hang, { server: { keepalive: { minPingIntervalMs: 1000, maxPingStrikes: 0 } } });
    raw = await connectRaw(loop.port);
    const pings = pingEvery(raw, 5);
    await waitFor(() => pings.acked() >= 20, 3000, "20 PING ACKs");
    expect(raw.goaways).toEqual([]);
  });
});

describe("keepalive enforcement against a @grpc/grpc-js client", () => {
  test("an over-eager grpc-js client is sent too_many_pings, doubles its interval and keeps working", async () => {
    grpc.setLogVerbosity(grpc.logVerbosity.NONE); // grpc-js logs the GOAWAY at ERROR level
    loop = await startLoopback(
      { unary: (req: TestMessage) => ({ label: `echo ${req.label}`, payload: new Uint8Array(0) }) },
      { server: { keepalive: { minPingIntervalMs: 250, permitWithoutCalls: true } } },
    );
    const client = new grpc.Client(`127.0.0.1:${loop.port}`, grpc.credentials.createInsecure(), {
      "grpc.keepalive_time_ms": 150,
      "grpc.keepalive_permit_without_calls": 1,
    });
    cleanups.push(() => client.close());
    const call = (label: string) =>
      new Promise<TestMessage>((resolve, reject) =>
        client.makeUnaryRequest(
          unaryPath,
          (m: TestMessage) => Buffer.from(TestMessageType.encode(m).finish()),
          (b: Buffer) => TestMessageType.decode(b),
          { label, payload: new Uint8Array(0) },
          (error, value) => (error ? reject(error) : resolve(value as TestMessage)),
        ),
      );
    const stats = connectionStats(loop.server);
    await expect(call("first")).resolves.toMatchObject({ label: "echo first" });
    // PINGs every 150 ms against a 250 ms minimum: the 4th one is too many. grpc-js closes the
    // connection (a call in flight would fail with RESOURCE_EXHAUSTED) and doubles its interval.
    // wait for the connection to be gone, else the next call could still race onto it
    await waitFor(() => stats.tooManyPings === 1 && stats.sessionsOpen === 0, 3000, "too_many_pings");
    expect(stats.pingsReceived).toBeGreaterThanOrEqual(4); // the first is free, 2 strikes tolerated
    const pingsBefore = stats.pingsReceived;
    await expect(call("after")).resolves.toMatchObject({ label: "echo after" });
    expect(stats.sessionsTotal).toBe(2);
    // on the new connection it pings every 300 ms: within the policy
    await waitFor(() => stats.pingsReceived >= pingsBefore + 3, 3000, "3 PINGs on the new connection");
    expect(stats.tooManyPings).toBe(1);
  });
});

describe("server keepalive pings", () => {
  test("a client that stops answering is dropped after time + timeout; its call is cancelled", async () => {
    let aborted: unknown;
    loop = await startLoopback(
      {
        unary: (_: TestMessage, context: { signal: AbortSignal }) =>
          new Promise<TestMessage>(() => {
            context.signal.addEventListener("abort", () => {
              aborted = context.signal.reason;
            });
          }),
      },
      { server: { keepalive: { timeMs: 100, timeoutMs: 100 } } },
    );
    proxy = await startTcpProxy(loop.port);
    raw = await connectRaw(proxy.port);
    void raw.call(unaryPath);
    const stats = connectionStats(loop.server);
    await waitFor(() => stats.streamsActive === 1);
    proxy.connections[0]!.holdToServer(); // the client goes silent: no PING ACK reaches the server
    const silentSince = Date.now();
    await raw.closed;
    const tookMs = Date.now() - silentSince;
    expect(tookMs).toBeGreaterThanOrEqual(190); // a PING after ≥ timeMs of silence, then timeoutMs
    // at most 2 × timeMs + timeoutMs (300 ms), plus scheduling on a loaded machine; never dropping it
    // would time out waiting for the close
    expect(tookMs).toBeLessThan(1500);
    expect(stats.keepaliveTimeouts).toBe(1);
    await waitFor(() => aborted !== undefined, 1000, "the handler's signal");
  });

  test("a client that answers stays connected while the server pings it", async () => {
    // a generous timeout: the ACKs come at once, but a loaded machine can stall this process (both ends)
    // longer than a short one between a PING and the reading of its ACK
    loop = await startLoopback(hang, { server: { keepalive: { timeMs: 50, timeoutMs: 1000 } } });
    raw = await connectRaw(loop.port);
    const stats = connectionStats(loop.server);
    await waitFor(() => stats.keepalivePingsSent >= 4, 3000, "4 server PINGs");
    expect(raw.session.closed || raw.session.destroyed).toBe(false);
    expect(stats.keepaliveTimeouts).toBe(0);
    expect(stats.sessionsOpen).toBe(1);
  });
});
