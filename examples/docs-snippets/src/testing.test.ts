// Samples of docs/testing.md: a test file as a user would write it.
// #region loopback-test
import { type Channel, Code, createChannel, createServer, type Server } from "h2rpc";
import { afterAll, beforeAll, expect, test } from "vitest";
import { greeter } from "./calls.js";
import { createGreeterClient, type GreeterClient, GreeterService } from "./gen/helloworld/greeter.h2rpc.js";

let server: Server;
let channel: Channel;
let client: GreeterClient;

beforeAll(async () => {
  server = createServer().add(GreeterService, greeter);
  const port = await server.listen("127.0.0.1:0"); // a free port: test files can run in parallel
  channel = createChannel(`127.0.0.1:${port}`);
  client = createGreeterClient(channel, { timeoutMs: 5000 }); // a hung call fails the test, not the run
});

afterAll(async () => {
  channel.close(); // first: open calls end, so the graceful shutdown has nothing to wait for
  await server.close();
});

test("SayHello greets by name", async () => {
  expect(await client.sayHello({ name: "Ada" })).toEqual({ message: "Hello, Ada!" });
});
// #endregion

// #region error-test
test("SayHello refuses an empty name", async () => {
  await expect(client.sayHello({ name: "" })).rejects.toMatchObject({
    code: Code.INVALID_ARGUMENT,
    rawMessage: "name is required",
  });
});
// #endregion

// #region stream-test
test("SayHelloStream sends `count` greetings", async () => {
  const messages: string[] = [];
  for await (const reply of client.sayHelloStream({ name: "Ada", count: 3 })) messages.push(reply.message);
  expect(messages).toEqual(["Hello #1, Ada!", "Hello #2, Ada!", "Hello #3, Ada!"]);
});
// #endregion

// #region handler-error-test
test("a failing handler is UNKNOWN for the client", async () => {
  const errors: unknown[] = [];
  // onHandlerError keeps the expected exception out of the test output (default: console.error)
  const failing = createServer({ onHandlerError: (error) => errors.push(error) }).add(GreeterService, {
    ...greeter,
    sayHello() {
      throw new Error("database is down");
    },
  });
  const port = await failing.listen("127.0.0.1:0");
  const failingChannel = createChannel(`127.0.0.1:${port}`);
  try {
    await expect(createGreeterClient(failingChannel).sayHello({ name: "Ada" })).rejects.toMatchObject({
      code: Code.UNKNOWN,
    });
    expect(errors).toEqual([new Error("database is down")]);
  } finally {
    failingChannel.close();
    await failing.forceShutdown(); // cancels whatever is still running, at once
  }
});
// #endregion
