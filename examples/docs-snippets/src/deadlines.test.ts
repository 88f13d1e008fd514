import { Code, createChannel, type RpcError, type Server } from "h2rpc";
import { afterEach, expect, test, vi } from "vitest";
import { greeter } from "./calls.js";
import { cancelACall, clientWithDefaults, frontGreeter, greetWithin, serve, slowGreeter } from "./deadlines.js";
import { createGreeterClient, type GreeterServer } from "./gen/helloworld/greeter.h2rpc.js";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function started(implementation: GreeterServer) {
  const { server, port } = await serve(implementation);
  const channel = createChannel(`127.0.0.1:${port}`);
  cleanups.push(
    () => server.close(),
    () => channel.close(),
  );
  return { server: server as Server, channel, client: createGreeterClient(channel) };
}

/** slowGreeter, recording each call's deadline and whether its signal fired. */
function recorded() {
  const calls: { name: string; deadline: number | undefined; receivedAt: number; aborted: () => boolean }[] = [];
  const implementation: GreeterServer = {
    ...slowGreeter,
    sayHello(request, context) {
      calls.push({
        name: request.name,
        deadline: context.deadline,
        receivedAt: Date.now(),
        aborted: () => context.signal.aborted,
      });
      return slowGreeter.sayHello(request, context);
    },
  };
  return { calls, implementation };
}

test("a call within its deadline succeeds; one that cannot make it is DEADLINE_EXCEEDED", async () => {
  const { client } = await started(slowGreeter);
  expect(await greetWithin(client, "Ada", 2000)).toBe("Hello, Ada!");
  const t0 = Date.now();
  expect(await greetWithin(client, "Bartholomew", 300)).toBe("DEADLINE_EXCEEDED");
  expect(Date.now() - t0).toBeLessThan(1000);
});

test("the client's deadline ends the call on both sides", async () => {
  const { calls, implementation } = recorded();
  const { client } = await started({
    ...implementation,
    sayHello(request, context) {
      // no early refusal here: let the deadline pass while the handler waits
      calls.push({
        name: request.name,
        deadline: context.deadline,
        receivedAt: Date.now(),
        aborted: () => context.signal.aborted,
      });
      return new Promise((_resolve, reject) =>
        context.signal.addEventListener("abort", () => reject(context.signal.reason)),
      );
    },
  });
  const error = (await client.sayHello({ name: "Ada" }, { timeoutMs: 200 }).catch((e: unknown) => e)) as RpcError;
  expect(error.code).toBe(Code.DEADLINE_EXCEEDED);
  expect(calls[0]?.deadline).toBeTypeOf("number");
  await vi.waitFor(() => expect(calls[0]?.aborted()).toBe(true));
});

test("a client's default timeout is overridden by the call's", async () => {
  const { channel } = await started(greeter);
  expect(await clientWithDefaults(channel)).toBe("Hello, Ada!");
});

test("aborting the signal cancels the call on both sides", async () => {
  const { calls, implementation } = recorded();
  const { client } = await started(implementation);
  expect(await cancelACall(client)).toBe("CANCELLED");
  await vi.waitFor(() => expect(calls[0]?.aborted()).toBe(true));
  expect(calls[0]?.deadline).toBeUndefined();
});

test("AbortSignal.timeout cancels (CANCELLED) and sends no grpc-timeout", async () => {
  const { calls, implementation } = recorded();
  const { client } = await started(implementation);
  const error = (await client
    .sayHello({ name: "Bartholomew" }, { signal: AbortSignal.timeout(100) })
    .catch((e: unknown) => e)) as RpcError;
  expect(error.code).toBe(Code.CANCELLED);
  expect(calls[0]?.deadline).toBeUndefined();
});

test("a handler's calls inherit its deadline, unless they opt out", async () => {
  const back = recorded();
  const { client: backClient } = await started(back.implementation);
  const { client: front } = await started(frontGreeter(backClient));

  expect(await front.sayHello({ name: "Al" }, { timeoutMs: 5000 })).toEqual({ message: "Hello, Al! (via front)" });
  await vi.waitFor(() => expect(back.calls).toHaveLength(3));
  const byName = (name: string) => back.calls.filter((c) => c.name === name);
  expect(byName("Al").every((c) => c.deadline !== undefined)).toBe(true);
  expect(byName("audit")[0]?.deadline).toBeUndefined();

  // the front call's 250 ms is all the back call gets: SayHello("Ada") needs 300 ms
  const error = (await front.sayHello({ name: "Ada" }, { timeoutMs: 250 }).catch((e: unknown) => e)) as RpcError;
  expect(error.code).toBe(Code.DEADLINE_EXCEEDED);
  const inherited = back.calls.at(-1);
  expect(inherited?.name).toBe("Ada");
  // measured from when the back call arrived: on a loaded machine the front server may see the
  // request late (its 250 ms start then), but the back call never gets more than the front's budget
  expect((inherited?.deadline ?? Number.POSITIVE_INFINITY) - (inherited?.receivedAt ?? 0)).toBeLessThanOrEqual(250);
});

test("an invalid timeout fails the call with INVALID_ARGUMENT; a past deadline fails it at once", async () => {
  const { client } = await started(greeter);
  for (const options of [{ timeoutMs: -1 }, { timeoutMs: Number.NaN }, { deadline: new Date("never") }]) {
    const error = (await client.sayHello({ name: "Ada" }, options).catch((e: unknown) => e)) as RpcError;
    expect(error.code).toBe(Code.INVALID_ARGUMENT);
  }
  const late = (await client
    .sayHello({ name: "Ada" }, { deadline: Date.now() - 1 })
    .catch((e: unknown) => e)) as RpcError;
  expect(late.code).toBe(Code.DEADLINE_EXCEEDED);
});
