import { Code, createChannel, createServer, type RpcError } from "h2rpc";
import { afterEach, expect, test } from "vitest";
import { greeter } from "./calls.js";
import { createGreeterClient, GreeterService } from "./gen/helloworld/greeter.h2rpc.js";
import { bearerAuth, cacheGreetings, defaultDeadline, mapErrors, wireInterceptors } from "./interceptors.js";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

test("the wired chain: auth, shouting, timing", async () => {
  const lines: string[] = [];
  const { server, channel, client, port } = await wireInterceptors((line) => lines.push(line));
  cleanups.push(
    () => server.close(),
    () => channel.close(),
  );
  expect(await client.sayHello({ name: "Ada" })).toEqual({ message: "HELLO, ADA!" });
  expect(lines[0]).toMatch(/^\/helloworld.Greeter\/SayHello OK \d+\.\d ms$/);

  const anonymous = createChannel(`127.0.0.1:${port}`);
  cleanups.push(() => anonymous.close());
  const error = (await createGreeterClient(anonymous)
    .sayHello({ name: "Ada" })
    .catch((e: unknown) => e)) as RpcError;
  expect(error.code).toBe(Code.UNAUTHENTICATED);
});

test("mapErrors turns a RangeError into OUT_OF_RANGE and logs other exceptions", async () => {
  const lines: string[] = [];
  const server = createServer({ interceptors: [mapErrors((l) => lines.push(l))], onHandlerError: () => {} }).add(
    GreeterService,
    {
      ...greeter,
      sayHello(request) {
        if (request.name === "range") throw new RangeError("too far");
        throw new Error("boom");
      },
    },
  );
  const channel = createChannel(`127.0.0.1:${await server.listen("127.0.0.1:0")}`);
  cleanups.push(
    () => server.close(),
    () => channel.close(),
  );
  const client = createGreeterClient(channel);
  expect(await client.sayHello({ name: "range" }).catch((e: RpcError) => e.code)).toBe(Code.OUT_OF_RANGE);
  expect(await client.sayHello({ name: "other" }).catch((e: RpcError) => e.code)).toBe(Code.UNKNOWN);
  expect(lines).toEqual(["/helloworld.Greeter/SayHello: Error: boom"]);
});

test("the cache answers a repeated call without a network call; defaultDeadline sets a deadline", async () => {
  const seen: (number | undefined)[] = [];
  const server = createServer().add(GreeterService, {
    ...greeter,
    sayHello(request, context) {
      seen.push(context.deadline);
      return greeter.sayHello(request, context);
    },
  });
  const channel = createChannel(`127.0.0.1:${await server.listen("127.0.0.1:0")}`, {
    interceptors: [cacheGreetings(), defaultDeadline(1000)],
  });
  cleanups.push(
    () => server.close(),
    () => channel.close(),
  );
  const client = createGreeterClient(channel, { interceptors: [bearerAuth(async () => "t")] });
  expect(await client.sayHello({ name: "Ada" })).toEqual({ message: "Hello, Ada!" });
  expect(await client.sayHello({ name: "Ada" })).toEqual({ message: "Hello, Ada!" });
  expect(seen).toHaveLength(1);
  expect(seen[0]).toBeTypeOf("number");
});
