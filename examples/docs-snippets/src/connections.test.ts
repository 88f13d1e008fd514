import { Code, createChannel, createServer, type RpcError } from "h2rpc";
import { afterEach, expect, test, vi } from "vitest";
import { greeter } from "./calls.js";
import {
  discoveredChannel,
  greetWhenReady,
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
