import { Code, createChannel, createServer, type RpcError } from "h2rpc";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { greeter } from "./calls.js";
import { createGreeterClient, type GreeterClient, GreeterService } from "./gen/helloworld/greeter.h2rpc.js";
import { buildMetadata, callWithMetadata, metadataGreeter, showReservedKeyError } from "./metadata.js";

const server = createServer().add(GreeterService, metadataGreeter);
let channel: ReturnType<typeof createChannel>;
let client: GreeterClient;
beforeAll(async () => {
  channel = createChannel(`127.0.0.1:${await server.listen("127.0.0.1:0")}`);
  client = createGreeterClient(channel);
});
afterAll(async () => {
  channel.close();
  await server.close();
});

test("Metadata reads as the guide says", () => {
  expect(buildMetadata()).toEqual({
    id: "42",
    tenants: ["a", "b", "c"],
    first: "a",
    trace: new Uint8Array([1, 2, 3]),
    json: '{"x-request-id":["42"],"x-tenant":["a","b","c"],"x-trace-bin":["AQID"]}',
  });
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  try {
    showReservedKeyError();
    expect(log).toHaveBeenCalledWith(
      'Metadata key "grpc-timeout" is reserved: keys starting with "grpc-" belong to the gRPC protocol; ' +
        "use call options (timeoutMs, deadline) or an RpcError (status, message) instead",
    );
  } finally {
    log.mockRestore();
  }
});

test("request metadata, response headers and trailers make the round trip", async () => {
  const { message, headers, trailers } = await callWithMetadata(client);
  expect(message).toBe("Hello, Ada (a,b)!");
  expect(headers.getString("x-request-id")).toBe("42");
  expect(headers.getString("x-served-by")).toBe("greeter-1");
  expect(trailers.getBinary("x-cost-bin")).toEqual(new Uint8Array([7]));
});

test("invalid metadata in call options fails the call with INVALID_ARGUMENT before sending", async () => {
  for (const metadata of [{ "Bad Key": "v" }, { "x-name": "Zoë" }, { "x-trace-bin": "text" }, { te: "x" }]) {
    const error = (await client.sayHello({ name: "Ada" }, { metadata } as never).catch((e: unknown) => e)) as RpcError;
    expect(error.code).toBe(Code.INVALID_ARGUMENT);
  }
});

test("metadata keys h2rpc sets itself do not reach the handler", async () => {
  let keys: string[] = [];
  const plain = createServer().add(GreeterService, {
    ...greeter,
    sayHello(request, context) {
      keys = [...context.metadata.keys()];
      return { message: request.name };
    },
  });
  const port = await plain.listen("127.0.0.1:0");
  const other = createChannel(`127.0.0.1:${port}`);
  await createGreeterClient(other).sayHello({ name: "x" }, { timeoutMs: 5000, metadata: { "x-a": "1" } });
  other.close();
  await plain.close();
  expect(keys).toEqual(["x-a"]);
});

test("through interceptors too, invalid metadata fails the call with INVALID_ARGUMENT (docs/metadata.md says so)", async () => {
  const port = Number(channel.target.split(":")[1]);
  let intercepted = 0;
  const through = createChannel(`127.0.0.1:${port}`, {
    interceptors: [
      (call, next) => {
        intercepted++;
        return next(call);
      },
    ],
  });
  try {
    const call = createGreeterClient(through).sayHello({ name: "Ada" }, { metadata: { "Bad Key": "v" } });
    await expect(call).rejects.toMatchObject({ code: Code.INVALID_ARGUMENT });
    expect(intercepted).toBe(0);
  } finally {
    through.close();
  }
});
