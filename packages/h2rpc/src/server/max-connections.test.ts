import { PassThrough } from "node:stream";
import { afterEach, expect, test } from "vitest";
import { createClient } from "../client/create-client.js";
import { Code } from "../core/code.js";
import type { RpcError } from "../core/rpc-error.js";
import { TestService } from "../test-support/bytes-service.js";
import { rejection, startLoopback } from "../test-support/loopback.js";
import { type Channel, createChannel } from "../transport/channel.js";

const channels: Channel[] = [];
afterEach(() => {
  for (const channel of channels.splice(0)) channel.close();
});

test("past maxConnections a new connection is closed on arrival; open ones keep working", async () => {
  const loop = await startLoopback({ unary: (req) => req }, { server: { maxConnections: 2 } });
  try {
    await loop.client.unary({ label: "first" }); // connection 1 (the loopback's own channel)
    const second = createChannel(`127.0.0.1:${loop.port}`);
    channels.push(second);
    await createClient(TestService, second).unary({ label: "second" });
    const third = createChannel(`127.0.0.1:${loop.port}`, { connectTimeoutMs: 2000 });
    channels.push(third);
    const error = (await rejection(createClient(TestService, third).unary({ label: "third" }))) as RpcError;
    expect(error.code).toBe(Code.UNAVAILABLE);
    expect(loop.server.stats().connectionsRefused).toBeGreaterThanOrEqual(1);
    expect((await loop.client.unary({ label: "still" })).label).toBe("still");
    expect(loop.server.stats().sessionsOpen).toBe(2);
  } finally {
    await loop.close();
  }
});

test("acceptConnection counts against maxConnections too", async () => {
  const loop = await startLoopback({ unary: (req) => req }, { server: { maxConnections: 1 } });
  try {
    await loop.client.unary({ label: "x" });
    const extra = new PassThrough();
    loop.server.acceptConnection(extra);
    expect(extra.destroyed).toBe(true);
    expect(loop.server.stats().connectionsRefused).toBe(1);
  } finally {
    await loop.close();
  }
});

test("maxConnections must be a positive number", async () => {
  const { createServer } = await import("./create-server.js");
  expect(() => createServer({ maxConnections: 0 })).toThrow(/maxConnections/);
});
