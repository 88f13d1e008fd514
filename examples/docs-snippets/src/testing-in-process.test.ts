// Samples of docs/testing.md (@h2rpc/testing): unit tests over an in-process channel, no socket.
// #region in-process-test
import { createInProcessChannel } from "@h2rpc/testing";
import { Code, createServer } from "h2rpc";
import { afterAll, expect, test } from "vitest";
import { greeter } from "./calls.js";
import { createGreeterClient, GreeterService } from "./gen/helloworld/greeter.h2rpc.js";

const server = createServer().add(GreeterService, greeter); // no listen(): no port, no socket
const channel = createInProcessChannel(server); // takes ChannelOptions: interceptors, serviceConfig, tls...
const client = createGreeterClient(channel, { timeoutMs: 5000 });

afterAll(async () => {
  channel.close();
  await server.close();
});

test("SayHello greets by name", async () => {
  expect(await client.sayHello({ name: "Ada" })).toEqual({ message: "Hello, Ada!" });
});

test("SayHello refuses an empty name", async () => {
  await expect(client.sayHello({ name: "" })).rejects.toMatchObject({ code: Code.INVALID_ARGUMENT });
});
// #endregion

test("it is a real HTTP/2 connection: the counters of both sides move", async () => {
  await client.sayHello({ name: "Bo" });
  expect(channel.target).toBe("in-process");
  expect(channel.stats()).toMatchObject({ sessionsOpen: 1, connectAttempts: 1 });
  expect(channel.stats().streamsStarted).toBeGreaterThanOrEqual(2);
  expect(server.stats()).toMatchObject({ sessionsOpen: 1, sessionsTotal: 1, streamsActive: 0 });
});
