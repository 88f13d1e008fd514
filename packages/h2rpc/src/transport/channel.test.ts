import * as http2 from "node:http2";
import * as net from "node:net";
import { afterEach, describe, expect, test, vi } from "vitest";
import { createClient } from "../client/create-client.js";
import { Code } from "../core/code.js";
import type { RpcError } from "../core/rpc-error.js";
import { createServer, type Server } from "../server/create-server.js";
import { TestMessageType, TestService } from "../test-support/bytes-service.js";
import { rejection } from "../test-support/loopback.js";
import { startScriptedServer } from "../test-support/scripted-server.js";
import { encodeFrame } from "../wire/framing.js";
import { type Channel, type ConnectivityState, createChannel } from "./channel.js";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function echoServer(
  options: Parameters<typeof createServer>[0] = {},
  host = "127.0.0.1",
): Promise<{ server: Server; port: number }> {
  const server = createServer(options).add(TestService, {
    async unary(req) {
      if (req.label.startsWith("sleep:")) await sleep(Number(req.label.slice(6)));
      return { label: req.label };
    },
    serverStream: () => [],
    clientStream: async () => ({}),
    bidi: () => [],
  });
  const port = await server.listen(`${host}:0`);
  cleanups.push(() => server.close({ graceMs: 100 }));
  return { server, port };
}

function channelTo(target: string, options: Parameters<typeof createChannel>[1] = {}): Channel {
  const channel = createChannel(target, options);
  cleanups.push(() => channel.close());
  return channel;
}

describe("channel connectivity", () => {
  test("idle → connecting → ready, ping() measures a round trip, close() → shutdown", async () => {
    const { port } = await echoServer();
    const channel = channelTo(`127.0.0.1:${port}`);
    const states: ConnectivityState[] = [channel.state];
    channel.onStateChange((s) => states.push(s));
    await createClient(TestService, channel).unary({ label: "x" });
    const rtt = await channel.ping();
    expect(rtt).toBeGreaterThanOrEqual(0);
    expect(rtt).toBeLessThan(1000);
    channel.close();
    expect(states).toEqual(["idle", "connecting", "ready", "shutdown"]);
    expect(((await rejection(createClient(TestService, channel).unary({}))) as RpcError).code).toBe(Code.UNAVAILABLE);
  });

  test("a refused connection fails fast with UNAVAILABLE and the channel reports transient_failure", async () => {
    const probe = net.createServer().listen(0, "127.0.0.1");
    await new Promise((r) => probe.once("listening", r));
    const port = (probe.address() as net.AddressInfo).port;
    probe.close();
    const channel = channelTo(`127.0.0.1:${port}`);
    const t0 = Date.now();
    const error = (await rejection(createClient(TestService, channel).unary({}))) as RpcError;
    expect(error.code).toBe(Code.UNAVAILABLE);
    expect(error.message).toMatch(/refused/);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(channel.state).toBe("transient_failure");
    // during backoff, calls fail at once without a new attempt
    expect(((await rejection(createClient(TestService, channel).unary({}))) as RpcError).code).toBe(Code.UNAVAILABLE);
  });

  test("a listener that accepts TCP but never speaks HTTP/2 hits the connect timeout", async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((s) => sockets.push(s)).listen(0, "127.0.0.1");
    await new Promise((r) => silent.once("listening", r));
    cleanups.push(() => {
      for (const s of sockets) s.destroy();
      silent.close();
    });
    const channel = channelTo(`127.0.0.1:${(silent.address() as net.AddressInfo).port}`, { connectTimeoutMs: 300 });
    const t0 = Date.now();
    const error = (await rejection(createClient(TestService, channel).unary({}))) as RpcError;
    const elapsed = Date.now() - t0;
    expect(error.code).toBe(Code.UNAVAILABLE);
    expect(error.message).toMatch(/SETTINGS/);
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(2000);
  });

  test("waitForReady waits through backoff for a server that starts late", async () => {
    const probe = net.createServer().listen(0, "127.0.0.1");
    await new Promise((r) => probe.once("listening", r));
    const port = (probe.address() as net.AddressInfo).port;
    probe.close();
    const channel = channelTo(`127.0.0.1:${port}`, { initialBackoffMs: 100, maxBackoffMs: 200 });
    const client = createClient(TestService, channel);
    const call = client.unary({ label: "late" }, { waitForReady: true, timeoutMs: 5000 });
    await sleep(300);
    const server = createServer().add(TestService, {
      unary: (r) => r,
      serverStream: () => [],
      clientStream: async () => ({}),
      bidi: () => [],
    });
    await server.listen(`127.0.0.1:${port}`);
    cleanups.push(() => server.close({ graceMs: 100 }));
    await expect(call).resolves.toMatchObject({ label: "late" });
    expect(channel.state).toBe("ready");
  });

  test("an idle session closes after idleTimeoutMs and the channel goes idle, then reconnects on demand", async () => {
    const { port } = await echoServer();
    const channel = channelTo(`127.0.0.1:${port}`, { idleTimeoutMs: 100 });
    const client = createClient(TestService, channel);
    await client.unary({});
    expect(channel.state).toBe("ready");
    // the session closes after 100 ms without calls; closing takes a moment more, which a loaded machine
    // can stretch, so wait for the state rather than check it at a fixed time
    await vi.waitFor(() => expect(channel.state).toBe("idle"), { timeout: 3000, interval: 20 });
    await expect(client.unary({ label: "again" })).resolves.toMatchObject({ label: "again" });
  });
});

describe("session pool", () => {
  test("10,000 concurrent unary calls on a server allowing 100 streams per session: all succeed on maxSessions sessions", async () => {
    const peers = new Set<string>();
    let active = 0;
    let maxActive = 0;
    const server = createServer({ maxConcurrentStreams: 100 }).add(TestService, {
      async unary(req, ctx) {
        peers.add(ctx.peer);
        maxActive = Math.max(maxActive, ++active);
        await sleep(1);
        active--;
        return { label: req.label };
      },
      serverStream: () => [],
      clientStream: async () => ({}),
      bidi: () => [],
    });
    const port = await server.listen("127.0.0.1:0");
    cleanups.push(() => server.close({ graceMs: 100 }));
    const channel = channelTo(`127.0.0.1:${port}`, { maxSessions: 10 });
    const client = createClient(TestService, channel);
    const labels = await Promise.all(Array.from({ length: 10_000 }, (_, i) => client.unary({ label: String(i) })));
    expect(new Set(labels.map((r) => r.label)).size).toBe(10_000);
    expect(peers.size).toBe(10); // one client port per session
    expect(maxActive).toBeLessThanOrEqual(10 * 100);
    expect(maxActive).toBeGreaterThan(100); // more than one session carried calls at once
  }, 60_000);

  test("past maxPendingCalls, calls fail with RESOURCE_EXHAUSTED", async () => {
    const { port } = await echoServer({ maxConcurrentStreams: 1 });
    const channel = channelTo(`127.0.0.1:${port}`, { maxSessions: 1, maxPendingCalls: 2 });
    const client = createClient(TestService, channel);
    await client.unary({}); // connect first, so the limit of 1 stream is known
    // and let that stream close (not a fixed sleep: a loaded machine may take longer)
    await vi.waitFor(() => expect(channel.stats().streamsActive).toBe(0), { timeout: 3000, interval: 5 });
    const slow = client.unary({ label: "sleep:200" });
    const waiting = [client.unary({}), client.unary({})];
    const error = (await rejection(client.unary({}))) as RpcError;
    expect(error.code).toBe(Code.RESOURCE_EXHAUSTED);
    expect(error.message).toMatch(/maxPendingCalls/);
    await Promise.all([slow, ...waiting]);
  });

  test("a call waiting for a stream leaves the queue at its deadline (DEADLINE_EXCEEDED)", async () => {
    const { port } = await echoServer({ maxConcurrentStreams: 1 });
    const channel = channelTo(`127.0.0.1:${port}`, { maxSessions: 1 });
    const client = createClient(TestService, channel);
    await client.unary({});
    await sleep(20);
    const slow = client.unary({ label: "sleep:400" });
    const error = (await rejection(client.unary({}, { timeoutMs: 100 }))) as RpcError;
    expect(error.code).toBe(Code.DEADLINE_EXCEEDED);
    await slow;
    await expect(client.unary({ label: "after" })).resolves.toMatchObject({ label: "after" });
  });
});

describe("load balancing", () => {
  test("round_robin spreads calls over every address", async () => {
    const peers: string[] = [];
    const ports: number[] = [];
    for (let i = 0; i < 2; i++) {
      const server = createServer().add(TestService, {
        unary: () => ({ label: String(i) }),
        serverStream: () => [],
        clientStream: async () => ({}),
        bidi: () => [],
      });
      ports.push(await server.listen("127.0.0.1:0"));
      cleanups.push(() => server.close({ graceMs: 100 }));
    }
    const channel = channelTo(`ipv4:127.0.0.1:${ports[0]},127.0.0.1:${ports[1]}`, { loadBalancing: "round_robin" });
    const client = createClient(TestService, channel);
    await client.unary({});
    // let the second address connect (it may take a while on a loaded machine): until a call reaches it
    await vi.waitFor(async () => expect((await client.unary({})).label).toBe("1"), { timeout: 3000, interval: 20 });
    for (let i = 0; i < 20; i++) peers.push((await client.unary({})).label);
    expect(new Set(peers)).toEqual(new Set(["0", "1"]));
  });

  test("pick_first skips an address that refuses and uses the next", async () => {
    const probe = net.createServer().listen(0, "127.0.0.1");
    await new Promise((r) => probe.once("listening", r));
    const dead = (probe.address() as net.AddressInfo).port;
    probe.close();
    const { port } = await echoServer();
    const channel = channelTo(`ipv4:127.0.0.1:${dead},127.0.0.1:${port}`);
    await expect(createClient(TestService, channel).unary({ label: "ok" })).resolves.toMatchObject({ label: "ok" });
  });

  test("a host name resolves through DNS (localhost)", async () => {
    const { port } = await echoServer();
    const channel = channelTo(`localhost:${port}`);
    await expect(createClient(TestService, channel).unary({ label: "dns" })).resolves.toMatchObject({ label: "dns" });
  });
});

describe("transparent retry of calls the server never processed", () => {
  const reply = () => encodeFrame(TestMessageType.encode({ label: "ok", payload: new Uint8Array(0) }).finish());

  test("REFUSED_STREAM is retried on a new stream, invisibly", async () => {
    let attempts = 0;
    const server = await startScriptedServer((stream) => {
      if (attempts++ === 0) {
        stream.close(http2.constants.NGHTTP2_REFUSED_STREAM);
        return;
      }
      stream.on("data", () => {});
      stream.on("end", () => {
        stream.respond({ ":status": 200, "content-type": "application/grpc" }, { waitForTrailers: true });
        stream.on("wantTrailers", () => stream.sendTrailers({ "grpc-status": "0" }));
        stream.end(reply());
      });
    });
    cleanups.push(() => server.close());
    const channel = channelTo(`127.0.0.1:${server.port}`);
    await expect(createClient(TestService, channel).unary({})).resolves.toMatchObject({ label: "ok" });
    expect(attempts).toBe(2);
  });

  test("streams above a GOAWAY's last stream id are replayed on a new connection; none fails", async () => {
    let connection = 0;
    const server = await startScriptedServer((stream) => {
      const session = stream.session as http2.ServerHttp2Session & { h2rpcConn?: number };
      session.h2rpcConn ??= ++connection;
      if (session.h2rpcConn === 1 && stream.id === 1) {
        setTimeout(() => session.goaway(http2.constants.NGHTTP2_NO_ERROR, 1), 50);
      }
      stream.on("data", () => {});
      const answer = () => {
        if (stream.destroyed) return;
        stream.respond({ ":status": 200, "content-type": "application/grpc" }, { waitForTrailers: true });
        stream.on("wantTrailers", () => stream.sendTrailers({ "grpc-status": "0" }));
        stream.end(reply());
      };
      stream.on("end", () => setTimeout(answer, session.h2rpcConn === 1 ? 100 : 0));
    });
    cleanups.push(() => server.close());
    const channel = channelTo(`127.0.0.1:${server.port}`);
    const client = createClient(TestService, channel);
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => client.unary({})));
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    expect(connection).toBeGreaterThanOrEqual(2);
  });
});

describe("graceful GOAWAY under load", () => {
  test("one of two servers shuts down while 500 calls arrive: no call fails", async () => {
    const servers: Server[] = [];
    const ports: number[] = [];
    for (let i = 0; i < 2; i++) {
      const server = createServer().add(TestService, {
        async unary(r) {
          await sleep(20);
          return { label: `${i}:${r.label}` };
        },
        serverStream: () => [],
        clientStream: async () => ({}),
        bidi: () => [],
      });
      servers.push(server);
      ports.push(await server.listen("127.0.0.1:0"));
      cleanups.push(() => server.forceShutdown());
    }
    const channel = channelTo(`ipv4:127.0.0.1:${ports[0]},127.0.0.1:${ports[1]}`, { loadBalancing: "round_robin" });
    const client = createClient(TestService, channel);
    await client.unary({});
    await sleep(50);
    const calls: Promise<{ label: string }>[] = [];
    let shutdown: Promise<void> | undefined;
    for (let i = 0; i < 500; i++) {
      calls.push(client.unary({ label: String(i) }));
      if (i === 150) shutdown = (servers[0] as Server).shutdown({ graceMs: 5000 });
      if (i % 50 === 0) await sleep(10);
    }
    const results = await Promise.allSettled(calls);
    const failed = results.filter((r) => r.status === "rejected");
    expect(failed).toEqual([]);
    const byServer = results.map((r) => (r as PromiseFulfilledResult<{ label: string }>).value.label[0]);
    expect(byServer.slice(0, 100)).toContain("0");
    expect(byServer.slice(-100).every((s) => s === "1")).toBe(true);
    await shutdown;
  });
});
