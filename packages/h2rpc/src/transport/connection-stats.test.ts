import * as net from "node:net";
import { Duplex, PassThrough } from "node:stream";
import { afterEach, expect, test } from "vitest";
import { createClient } from "../client/create-client.js";
import { createServer, type Server } from "../server/create-server.js";
import { TestService } from "../test-support/bytes-service.js";
import { bytes, collect, startLoopback } from "../test-support/loopback.js";
import { createChannel } from "./channel.js";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

test("channel and server count sessions, streams, bytes and pings", async () => {
  const loop = await startLoopback({
    unary: (req) => req,
    async *serverStream(req) {
      for (let i = 0; i < 3; i++) yield req;
    },
  });
  cleanups.push(() => loop.close());
  expect(loop.channel.stats()).toMatchObject({ sessionsOpen: 0, connectAttempts: 0, streamsStarted: 0, bytesSent: 0 });

  await loop.client.unary({ label: "a", payload: new Uint8Array(10_000) });
  expect(await collect(loop.client.serverStream({ label: "b" }))).toHaveLength(3);
  await loop.channel.ping();

  const client = loop.channel.stats();
  expect(client).toMatchObject({
    sessionsOpen: 1,
    sessionsConnecting: 0,
    connectAttempts: 1,
    connectFailures: 0,
    streamsActive: 0,
    streamsStarted: 2,
    callsWaiting: 0,
    pingsSent: 1,
    goawaysReceived: 0,
  });
  expect(client.bytesSent).toBeGreaterThan(10_000);
  expect(client.bytesReceived).toBeGreaterThan(10_000);

  const server = loop.server.stats();
  expect(server).toMatchObject({ sessionsOpen: 1, sessionsTotal: 1, streamsActive: 0, streamsTotal: 2 });
  expect(server.pingsReceived).toBeGreaterThanOrEqual(1);
  // the server read what the client wrote, give or take frames in flight
  expect(server.bytesReceived).toBeGreaterThan(10_000);
  expect(server.bytesSent).toBeGreaterThan(10_000);

  // bytes survive the connection: closed sessions' counts are kept
  loop.channel.close();
  await loop.server.close({ graceMs: 1000 });
  const closedServer = loop.server.stats();
  expect(closedServer.sessionsOpen).toBe(0);
  expect(closedServer.goawaysSent).toBe(1);
  expect(closedServer.bytesReceived).toBeGreaterThanOrEqual(server.bytesReceived);
  expect(loop.channel.stats().bytesSent).toBeGreaterThanOrEqual(client.bytesSent);
});

test("a refused connection counts as an attempt and a failure", async () => {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  const channel = createChannel(`127.0.0.1:${port}`);
  cleanups.push(() => channel.close());
  await expect(createClient(TestService, channel).unary({})).rejects.toThrow(/refused/);
  expect(channel.stats()).toMatchObject({ connectAttempts: 1, connectFailures: 1, sessionsOpen: 0 });
});

test("the server counts GOAWAYs it sends and the channel those it receives", async () => {
  // idle long enough for the first call to get there on a loaded machine: one idle close, after the call
  const loop = await startLoopback({ unary: (req) => req }, { server: { maxConnectionIdleMs: 200 } });
  cleanups.push(() => loop.close());
  await loop.client.unary({ label: "x" });
  // node's session.close() may put the GOAWAY on the wire twice; the server counts its decisions
  await waitFor(() => loop.channel.stats().goawaysReceived >= 1);
  expect(loop.server.stats().goawaysSent).toBe(1);
  expect(loop.server.stats().idleCloses).toBe(1);
});

/** Serves `server` over in-memory streams: no socket at all. */
function inMemoryConnector(server: Server): () => Duplex {
  return () => {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    const clientEnd = Duplex.from({ readable: toClient, writable: toServer });
    const serverEnd = Duplex.from({ readable: toServer, writable: toClient });
    server.acceptConnection(serverEnd);
    return clientEnd;
  };
}

test("createConnection + acceptConnection: calls over a byte stream the user provides", async () => {
  const server = createServer().add(TestService, {
    unary: (req) => ({ label: `${req.label}!`, payload: req.payload }),
    serverStream: async function* (req) {
      yield req;
      yield req;
    },
    clientStream: async (requests) => ({ label: String((await collect(requests)).length), payload: new Uint8Array() }),
    bidi: (requests) => requests,
  });
  cleanups.push(() => server.close({ graceMs: 100 }));
  const channel = createChannel("in-process:1", {
    createConnection: inMemoryConnector(server),
    resolver: { resolve: async () => [{ kind: "tcp", host: "in-process", port: 1 }] },
  });
  cleanups.push(() => channel.close());
  const client = createClient(TestService, channel);
  expect((await client.unary({ label: "hi", payload: bytes("x") })).label).toBe("hi!");
  expect(await collect(client.serverStream({ label: "s" }))).toHaveLength(2);
  expect(
    (
      await client.clientStream(
        (async function* () {
          yield { label: "1" };
          yield { label: "2" };
        })(),
      )
    ).label,
  ).toBe("2");
  expect(server.stats()).toMatchObject({ sessionsOpen: 1, streamsTotal: 3 });
});

test("acceptConnection after shutdown destroys the stream", async () => {
  const server = createServer();
  await server.close();
  const end = new PassThrough();
  server.acceptConnection(end);
  expect(end.destroyed).toBe(true);
});

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
