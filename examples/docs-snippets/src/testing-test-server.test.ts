// Samples of docs/testing.md (@h2rpc/testing): a real server on a loopback port with a leak check.
// #region test-server-test
import { startTestServer, type TestServer } from "@h2rpc/testing";
import { createChannel } from "h2rpc";
import { afterAll, beforeAll, expect, test } from "vitest";
import { greeter } from "./calls.js";
import { createGreeterClient, GreeterService } from "./gen/helloworld/greeter.h2rpc.js";

let testServer: TestServer;

beforeAll(async () => {
  testServer = await startTestServer((server) => {
    server.add(GreeterService, greeter); // then it listens on 127.0.0.1:0
  });
});

afterAll(() => testServer.close()); // closes its channels, shuts down, then fails the file on a leak

test("SayHello over TCP", async () => {
  const client = testServer.client(GreeterService, { timeoutMs: 5000 }); // its channel is closed by close()
  expect(await client.sayHello({ name: "Ada" })).toEqual({ message: "Hello, Ada!" });
});

test("SayHelloStream from a channel of the test's own", async () => {
  const channel = createChannel(testServer.target); // "127.0.0.1:<port>", as any gRPC client would use
  try {
    const messages: string[] = [];
    const stream = createGreeterClient(channel, { timeoutMs: 5000 }).sayHelloStream({ name: "Ada", count: 2 });
    for await (const reply of stream) messages.push(reply.message);
    expect(messages).toEqual(["Hello #1, Ada!", "Hello #2, Ada!"]);
  } finally {
    channel.close(); // forget it and close() reports the connection
  }
});
// #endregion

test("the server's counters saw both connections", () => {
  expect(testServer.port).toBeGreaterThan(0);
  expect(testServer.server.stats()).toMatchObject({ sessionsTotal: 2, streamsTotal: 2 });
});
