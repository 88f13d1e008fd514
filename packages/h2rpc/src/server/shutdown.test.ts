import * as http2 from "node:http2";
import * as net from "node:net";
import { afterEach, describe, expect, test } from "vitest";
import { Code } from "../core/code.js";
import { RpcError } from "../core/rpc-error.js";
import type { TestMessage } from "../test-support/bytes-service.js";
import { collect, type Loopback, rejection, startLoopback } from "../test-support/loopback.js";
import { connectionStats, createServer } from "./create-server.js";
import { connectRaw, type RawSession, sleep, waitFor } from "./test-support/raw-session.js";
import { startTcpProxy, type TcpProxy } from "./test-support/tcp-proxy.js";

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

const empty = new Uint8Array(0);
const unaryPath = "/h2rpc.test.TestService/Unary";

/** Resolves with the error code of connecting to `port`, or "connected". */
function tryConnect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve("connected");
    });
    socket.once("error", (error: Error & { code?: string }) => resolve(error.code ?? error.message));
  });
}

/** Handlers that never finish on their own; records each call's abort reason. */
function hangingHandlers() {
  const reasons: unknown[] = [];
  let started = 0;
  const wait = (signal: AbortSignal) =>
    new Promise<never>((_, reject) => {
      started++;
      signal.addEventListener("abort", () => {
        reasons.push(signal.reason);
        reject(signal.reason);
      });
    });
  return {
    reasons,
    started: () => started,
    implementation: {
      unary: (_: TestMessage, context: { signal: AbortSignal }) => wait(context.signal),
      async *serverStream(_: TestMessage, context: { signal: AbortSignal }) {
        yield { label: "first", payload: empty };
        await wait(context.signal);
      },
    },
  };
}

describe("graceful shutdown", () => {
  test("during 500 unary calls and 20 server streams: every admitted call completes OK, within the grace", async () => {
    loop = await startLoopback({
      async unary(req: TestMessage) {
        await sleep(100);
        return { label: `done ${req.label}`, payload: empty };
      },
      async *serverStream(req: TestMessage) {
        for (let i = 0; i < 5; i++) {
          await sleep(50);
          yield { label: `${req.label}.${i}`, payload: empty };
        }
      },
    });
    const stats = connectionStats(loop.server);
    const unaries = Array.from({ length: 500 }, (_, i) => loop!.client.unary({ label: String(i), payload: empty }));
    const streams = Array.from({ length: 20 }, (_, i) =>
      collect(loop!.client.serverStream({ label: `s${i}`, payload: empty })),
    );
    await waitFor(() => stats.streamsActive === 520, 5000, "all 520 calls admitted");

    const t0 = Date.now();
    const first = loop.server.shutdown({ graceMs: 2000 });
    expect(loop.server.shutdown()).toBe(first); // a second call returns the same promise
    expect(loop.server.close()).toBe(first); // close() is an alias
    await first;
    const tookMs = Date.now() - t0;

    const replies = await Promise.all(unaries);
    expect(replies.map((r) => r.label)).toEqual(Array.from({ length: 500 }, (_, i) => `done ${i}`));
    for (const [i, messages] of (await Promise.all(streams)).entries()) {
      expect(messages.map((m) => m.label)).toEqual([0, 1, 2, 3, 4].map((j) => `s${i}.${j}`));
    }
    expect(tookMs).toBeLessThan(2000);
    expect(stats.sessionsOpen).toBe(0);
    expect(await tryConnect(loop.port)).toBe("ECONNREFUSED");
    await expect(loop.server.listen("127.0.0.1:0")).rejects.toThrow(/shut down/);
  });

  test("calls still running at the end of the grace are cancelled; shutdown resolves just after it", async () => {
    const h = hangingHandlers();
    loop = await startLoopback(h.implementation);
    const calls = [
      loop.client.unary({ label: "a", payload: empty }),
      loop.client.unary({ label: "b", payload: empty }),
    ];
    const errors = calls.map((c) => rejection(c));
    await waitFor(() => h.started() === 2);
    const t0 = Date.now();
    await loop.server.shutdown({ graceMs: 200 });
    const tookMs = Date.now() - t0;
    expect(tookMs).toBeGreaterThanOrEqual(195);
    // just after the grace, not at some later timeout: the margin is for a loaded machine's timers
    expect(tookMs).toBeLessThan(1000);
    await waitFor(() => h.reasons.length === 2, 1000, "both handlers' signals");
    for (const reason of h.reasons) expect(reason).toBeInstanceOf(RpcError);
    for (const error of await Promise.all(errors)) {
      expect([Code.UNAVAILABLE, Code.CANCELLED]).toContain((error as RpcError).code);
    }
  });

  test("a request racing the GOAWAY is refused with REFUSED_STREAM (safe to retry); the earlier one finishes", async () => {
    loop = await startLoopback({
      async unary(req: TestMessage) {
        await sleep(100);
        return { label: req.label, payload: empty };
      },
    });
    proxy = await startTcpProxy(loop.port);
    raw = await connectRaw(proxy.port);
    const admitted = raw.call(unaryPath, "admitted");
    await waitFor(() => connectionStats(loop!.server).streamsActive === 1);
    proxy.connections[0]!.holdToClient(); // the client will not see the GOAWAY in time
    const shutdown = loop.server.shutdown({ graceMs: 2000 });
    await sleep(20);
    const racing = raw.call(unaryPath, "racing"); // sent after the server's GOAWAY
    await sleep(20);
    proxy.connections[0]!.release();
    expect(await admitted).toMatchObject({ status: "0", streamId: 1 });
    expect(await racing).toMatchObject({ status: undefined, rstCode: http2.constants.NGHTTP2_REFUSED_STREAM });
    expect(raw.goaways[0]).toMatchObject({ code: 0, lastStreamId: 1 });
    await shutdown;
  });

  test("a server that never listened shuts down at once; one shut down while opening stops listening", async () => {
    await createServer().shutdown();
    const server = createServer();
    const listening = server.listen("127.0.0.1:0");
    await server.shutdown();
    await expect(listening).rejects.toThrow(/shut down/);
  });

  test("a bad graceMs rejects (and does not start the shutdown)", async () => {
    const server = createServer();
    await expect(server.shutdown({ graceMs: -1 })).rejects.toThrow(RangeError);
    await server.shutdown({ graceMs: 0 });
  });
});

describe("forceShutdown", () => {
  test("cancels in-flight handlers at once (unary and streaming) and closes the port", async () => {
    const h = hangingHandlers();
    loop = await startLoopback(h.implementation);
    const unary = rejection(loop.client.unary({ label: "u", payload: empty }));
    const stream = rejection(collect(loop.client.serverStream({ label: "s", payload: empty })));
    await waitFor(() => h.started() === 2);
    const t0 = Date.now();
    await loop.server.forceShutdown();
    expect(Date.now() - t0).toBeLessThan(1000); // at once: the handlers never finish on their own
    await waitFor(() => h.reasons.length === 2, 1000, "both handlers' signals");
    for (const reason of h.reasons) {
      expect([Code.CANCELLED, Code.UNAVAILABLE]).toContain((reason as RpcError).code);
    }
    for (const error of [await unary, await stream]) {
      expect([Code.UNAVAILABLE, Code.CANCELLED]).toContain((error as RpcError).code);
    }
    expect(await tryConnect(loop.port)).toBe("ECONNREFUSED");
  });

  test("during a graceful shutdown it cuts the grace short", async () => {
    const h = hangingHandlers();
    loop = await startLoopback(h.implementation);
    void rejection(loop.client.unary({ label: "u", payload: empty }));
    await waitFor(() => h.started() === 1);
    const t0 = Date.now();
    const graceful = loop.server.shutdown({ graceMs: 60_000 });
    await sleep(50);
    expect(loop.server.forceShutdown()).toBe(graceful);
    await graceful;
    expect(Date.now() - t0).toBeLessThan(3000); // not the 60 s grace
    expect(h.reasons).toHaveLength(1);
  });
});
