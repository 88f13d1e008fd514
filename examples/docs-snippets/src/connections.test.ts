import { readFileSync } from "node:fs";
import { Code, createChannel, createServer, type RpcError } from "h2rpc";
import { afterEach, expect, test, vi } from "vitest";
import { greeter } from "./calls.js";
import {
  channelWithOwnSockets,
  countOneCall,
  discoveredChannel,
  greetWhenReady,
  serveThroughOwnListener,
  shutdownOnSigterm,
  tunedChannel,
  tunedServer,
  watchState,
} from "./connections.js";
import { createGreeterClient, GreeterService } from "./gen/helloworld/greeter.h2rpc.js";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

test("a channel connects on demand", () => {
  const channel = tunedChannel();
  expect(channel.state).toBe("idle");
  channel.close();
  expect(channel.state).toBe("shutdown");
});

test("state changes and ping against the tuned server", async () => {
  const { close, port } = await tunedServer();
  cleanups.push(close);
  const { states, rttMs } = await watchState(`127.0.0.1:${port}`);
  expect(states).toEqual(["idle", "connecting", "ready"]);
  expect(rttMs).toBeGreaterThanOrEqual(0);
});

test("a custom resolver finds the server; an unknown name is UNAVAILABLE", async () => {
  const { close, port } = await tunedServer();
  cleanups.push(close);
  const channel = discoveredChannel(new Map([["greeter:50051", [{ kind: "tcp", host: "127.0.0.1", port }]]]));
  cleanups.push(() => channel.close());
  expect(await createGreeterClient(channel).sayHello({ name: "Ada" })).toEqual({ message: "Hello, Ada!" });

  const nowhere = discoveredChannel(new Map());
  cleanups.push(() => nowhere.close());
  const error = (await createGreeterClient(nowhere)
    .sayHello({ name: "Ada" })
    .catch((e: unknown) => e)) as RpcError;
  expect(error.code).toBe(Code.UNAVAILABLE);
  expect(error.rawMessage).toBe("Cannot resolve greeter:50051: greeter:50051 not registered");
});

test("fail fast by default; waitForReady waits for the server to come up", async () => {
  const probe = createServer();
  const port = await probe.listen("127.0.0.1:0");
  await probe.close(); // the port is free again: nothing listens
  const channel = createChannel(`127.0.0.1:${port}`, { initialBackoffMs: 100 });
  cleanups.push(() => channel.close());
  const client = createGreeterClient(channel);
  const error = (await client.sayHello({ name: "Ada" }).catch((e: unknown) => e)) as RpcError;
  expect(error.code).toBe(Code.UNAVAILABLE);
  expect(error.rawMessage).toBe(`Connection refused by 127.0.0.1:${port}: is the server running?`);

  const pending = greetWhenReady(client);
  await new Promise((resolve) => setTimeout(resolve, 300));
  const late = createServer().add(GreeterService, greeter);
  await late.listen(`127.0.0.1:${port}`);
  cleanups.push(() => late.close());
  expect(await pending).toBe("Hello, Ada!");
});

test("the SIGTERM hook can be installed and removed; onShutdown listeners run first", async () => {
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  try {
    const { port, unhook, stop } = await shutdownOnSigterm();
    unhook();
    expect(port).toBeGreaterThan(0);
    await stop();
    expect(log).toHaveBeenCalledWith("draining");
  } finally {
    log.mockRestore();
  }
});

test("acceptConnection and createConnection: a listener and sockets of our own; the counters move", async () => {
  const { server, port } = await serveThroughOwnListener(new Set(["127.0.0.1"]), 0, "127.0.0.1");
  cleanups.push(() => server.close());
  const channel = channelWithOwnSockets(`127.0.0.1:${port}`);
  cleanups.push(() => channel.close());
  const client = createGreeterClient(channel, { timeoutMs: 5000 });
  expect(await client.sayHello({ name: "Ada" })).toEqual({ message: "Hello, Ada!" });

  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  try {
    await countOneCall(channel, server, client);
    const lines = log.mock.calls.map(([line]) => String(line));
    expect(lines[0]).toMatch(/^the call: 1 stream, [1-9]\d* bytes sent$/);
    expect(lines.slice(1)).toEqual([
      "channel: 1 sessions open, 0 failed connection attempts",
      "server: 1 connections open (1 in all), 2 calls",
    ]);
  } finally {
    log.mockRestore();
  }
  expect(channel.stats()).toMatchObject({ connectAttempts: 1, connectFailures: 0, streamsStarted: 2, callsWaiting: 0 });
  expect(channel.stats().bytesReceived).toBeGreaterThan(0);
  expect(server.stats()).toMatchObject({ sessionsOpen: 1, sessionsTotal: 1, streamsTotal: 2 });
  // a call's promise settles at the trailers; its stream closes a moment later
  await expect.poll(() => channel.stats().streamsActive).toBe(0);
  await expect.poll(() => server.stats().streamsActive).toBe(0);
  expect(server.stats().bytesReceived).toBeGreaterThan(0);

  channel.close();
  await expect.poll(() => server.stats().sessionsOpen).toBe(0);
});

test("acceptConnection: a socket the listener refuses fails the call with UNAVAILABLE", async () => {
  const { server, port } = await serveThroughOwnListener(new Set(["192.0.2.1"]), 0, "127.0.0.1");
  cleanups.push(() => server.close());
  const channel = channelWithOwnSockets(`127.0.0.1:${port}`);
  cleanups.push(() => channel.close());
  const error = (await createGreeterClient(channel)
    .sayHello({ name: "Ada" })
    .catch((e: unknown) => e)) as RpcError;
  expect(error.code).toBe(Code.UNAVAILABLE);
  expect(channel.stats()).toMatchObject({ connectAttempts: 1, connectFailures: 1, sessionsOpen: 0 });
  expect(server.stats().sessionsTotal).toBe(0);
});

/** The fields a table of the guide lists: the backticked names of its first column, after `heading`. */
function documentedFields(heading: string): string[] {
  const guide = readFileSync(new URL("../../../docs/connections-and-keepalive.md", import.meta.url), "utf8");
  const table = guide.slice(guide.indexOf(heading)).split("\n\n")[1] ?? "";
  return table
    .split("\n")
    .slice(2)
    .flatMap((row) => [...(row.split("|")[1] ?? "").matchAll(/`(\w+)`/g)].map((m) => m[1]!));
}

test("the guide's tables list every field of ChannelStats and ServerStats", async () => {
  const server = createServer();
  const channel = createChannel("127.0.0.1:1");
  cleanups.push(() => channel.close());
  expect(documentedFields("`ChannelStats`, from `channel.stats()`:").sort()).toEqual(
    Object.keys(channel.stats()).sort(),
  );
  expect(documentedFields("`ServerStats`, from `server.stats()`:").sort()).toEqual(Object.keys(server.stats()).sort());
  await server.close();
});
