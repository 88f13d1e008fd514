import { Code, createServer, type RpcError } from "h2rpc";
import { afterEach, expect, test, vi } from "vitest";
import { createGreeterClient, type GreeterServer, GreeterService } from "./gen/helloworld/greeter.h2rpc.js";
import { flakyGreeter, hedgingChannel, jsonServiceConfig, retryingChannel, stuckOnceGreeter } from "./retries.js";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(implementation: GreeterServer): Promise<string> {
  const server = createServer().add(GreeterService, implementation);
  const port = await server.listen("127.0.0.1:0");
  cleanups.push(() => server.forceShutdown());
  return `127.0.0.1:${port}`;
}

test("UNAVAILABLE is retried until an attempt succeeds", async () => {
  const flaky = flakyGreeter(2);
  const channel = retryingChannel(await serve(flaky));
  cleanups.push(() => channel.close());
  expect(await createGreeterClient(channel).sayHello({ name: "Ada" })).toEqual({ message: "Hello, Ada!" });
  expect(flaky.attempts).toBe(3);
});

test("after maxAttempts the last status is the call's", async () => {
  const flaky = flakyGreeter(100);
  const channel = retryingChannel(await serve(flaky));
  cleanups.push(() => channel.close());
  const error = (await createGreeterClient(channel)
    .sayHello({ name: "Ada" })
    .catch((e: unknown) => e)) as RpcError;
  expect(error.code).toBe(Code.UNAVAILABLE);
  expect(error.rawMessage).toBe("warming up");
  expect(flaky.attempts).toBe(4);
});

test("the JSON form parses to the typed one", () => {
  expect(jsonServiceConfig()).toEqual({
    methodConfig: [
      {
        name: [{ service: "helloworld.Greeter", method: "SayHello" }],
        timeoutMs: 5000,
        retryPolicy: {
          maxAttempts: 4,
          initialBackoffMs: 50,
          maxBackoffMs: 1000,
          backoffMultiplier: 2,
          retryableStatusCodes: [Code.UNAVAILABLE],
        },
      },
    ],
  });
});

test("a hedge overtakes a stuck first attempt, which is cancelled", async () => {
  const stuck = stuckOnceGreeter();
  const channel = hedgingChannel(await serve(stuck));
  cleanups.push(() => channel.close());
  const t0 = Date.now();
  expect(await createGreeterClient(channel).sayHello({ name: "Ada" })).toEqual({
    message: "Hello, Ada! (attempt 2)",
  });
  expect(Date.now() - t0).toBeGreaterThanOrEqual(90);
  await vi.waitFor(() => expect(stuck.cancelled).toBe(true));
});
