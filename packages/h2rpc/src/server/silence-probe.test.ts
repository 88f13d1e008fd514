import { afterEach, describe, expect, test } from "vitest";
import type { TestMessage } from "../test-support/bytes-service.js";
import { type Loopback, startLoopback } from "../test-support/loopback.js";
import { connectionStats } from "./create-server.js";
import { connectRaw, type RawSession, sleep, waitFor } from "./test-support/raw-session.js";
import { startTcpProxy, type TcpProxy } from "./test-support/tcp-proxy.js";

const unaryPath = "/h2rpc.test.TestService/Unary";

let loop: Loopback | undefined;
let raw: RawSession | undefined;
let proxy: TcpProxy | undefined;
afterEach(async () => {
  raw?.session.destroy();
  raw = undefined;
  await proxy?.close();
  proxy = undefined;
  await loop?.close();
  loop = undefined;
});

/** A server stream that sends one message, then one more each time `next()` is called, until cancelled. */
function idleStream() {
  let wake: () => void = () => {};
  let aborted: unknown;
  return {
    next: () => wake(),
    aborted: () => aborted,
    async *serverStream(_: TestMessage, context: { signal: AbortSignal }) {
      context.signal.addEventListener("abort", () => {
        aborted = context.signal.reason;
        wake();
      });
      for (let i = 0; !context.signal.aborted; i++) {
        yield { label: `tick ${i}`, payload: new Uint8Array(0) };
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    },
  };
}

/** A unary handler that never answers; records its signal's reason. */
function stuckUnary() {
  let aborted: unknown;
  return {
    aborted: () => aborted,
    unary: (_: TestMessage, context: { signal: AbortSignal }) =>
      new Promise<TestMessage>(() => {
        context.signal.addEventListener("abort", () => {
          aborted = context.signal.reason;
        });
      }),
  };
}

describe("silence probe", () => {
  test("a silent healthy connection (an idle server stream) answers its probes and keeps its stream", async () => {
    const stream = idleStream();
    // a generous timeout: the ACKs come at once, but a loaded machine can stall this process (both ends)
    // longer than a short one between a probe and the reading of its ACK
    loop = await startLoopback(stream, { server: { silenceProbeMs: 50, keepalive: { timeoutMs: 1000 } } });
    const replies = loop.client.serverStream({ label: "watch", payload: new Uint8Array(0) })[Symbol.asyncIterator]();
    expect((await replies.next()).value?.label).toBe("tick 0");
    const stats = connectionStats(loop.server);
    await waitFor(() => stats.silenceProbesSent >= 4, 3000, "4 probes");
    stream.next();
    expect((await replies.next()).value?.label).toBe("tick 1");
    expect(stats).toMatchObject({ silenceCloses: 0, sessionsOpen: 1, streamsActive: 1, pingsReceived: 0 });
    expect(stats.keepalivePingsSent).toBe(0);
    expect(stream.aborted()).toBeUndefined();
    await replies.return?.();
  });

  test("a peer that stops answering is closed after silence + keepalive timeout; its handler's signal fires", async () => {
    const handler = stuckUnary();
    loop = await startLoopback(handler, { server: { silenceProbeMs: 100, keepalive: { timeoutMs: 100 } } });
    proxy = await startTcpProxy(loop.port);
    raw = await connectRaw(proxy.port);
    void raw.call(unaryPath);
    const stats = connectionStats(loop.server);
    await waitFor(() => stats.streamsActive === 1);
    proxy.connections[0]?.holdToServer(); // nothing from the client reaches the server, PING ACKs included
    const silentSince = Date.now();
    await raw.closed;
    const tookMs = Date.now() - silentSince;
    expect(tookMs).toBeGreaterThanOrEqual(190); // a probe after ≥ silenceProbeMs of silence, then the timeout
    expect(tookMs).toBeLessThan(1500);
    expect(stats).toMatchObject({ silenceCloses: 1, keepaliveTimeouts: 0, silenceProbesSent: 1 });
    await waitFor(() => handler.aborted() !== undefined, 1000, "the handler's signal");
  });

  test("a connection receiving traffic is never probed", async () => {
    // a call every ~20 ms against a 250 ms probe interval: a stall of this process (both ends) on a
    // loaded machine has to last a whole interval before the server could see one without a byte
    loop = await startLoopback(
      { unary: (req: TestMessage) => req },
      { server: { silenceProbeMs: 250, keepalive: { timeoutMs: 100 } } },
    );
    const stats = connectionStats(loop.server);
    const until = Date.now() + 1000;
    while (Date.now() < until) {
      await loop.client.unary({ label: "busy", payload: new Uint8Array(0) });
      await sleep(20);
    }
    expect(stats.silenceProbesSent).toBe(0);
    expect(stats.sessionsOpen).toBe(1);
  });

  test("a connection draining gracefully is left to finish its silent stream", async () => {
    const stream = idleStream();
    loop = await startLoopback(stream, { server: { silenceProbeMs: 50, keepalive: { timeoutMs: 50 } } });
    const replies = loop.client.serverStream({ label: "watch", payload: new Uint8Array(0) })[Symbol.asyncIterator]();
    await replies.next();
    const stats = connectionStats(loop.server);
    const shutdown = loop.server.shutdown({ graceMs: 5000 });
    await sleep(500); // ten probe intervals: node cannot PING a closing session, so none is sent
    expect(stats).toMatchObject({ silenceCloses: 0, streamsActive: 1 });
    expect(stream.aborted()).toBeUndefined();
    await replies.return?.();
    await shutdown;
  });

  test("silenceProbeMs: Infinity turns it off", async () => {
    loop = await startLoopback(stuckUnary(), { server: { silenceProbeMs: Number.POSITIVE_INFINITY } });
    raw = await connectRaw(loop.port);
    void raw.call(unaryPath);
    await sleep(300);
    expect(connectionStats(loop.server).silenceProbesSent).toBe(0);
  });
});
