import { setTimeout as sleep } from "node:timers/promises";
import { Code, createChannel, createServer, type RpcError, type Server } from "h2rpc";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { callEveryKind, compressedCall, greeter, readTwo, startGreeter } from "./calls.js";
import { createGreeterClient, GreeterService } from "./gen/helloworld/greeter.h2rpc.js";

let server: Server;
let port: number;
beforeAll(async () => {
  ({ server, port } = await startGreeter());
});
afterAll(() => server.close());

test("the four call kinds print what the guide says", async () => {
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  try {
    await callEveryKind(port);
    expect(log.mock.calls.map((args) => args[0])).toEqual([
      "Hello, Ada!",
      "Hello, Grace and Linus!",
      "Hello, Ken and Dennis!",
      "Hello #1, Barbara!",
      "Hello #2, Barbara!",
      "Hello #3, Barbara!",
      "Nice to meet you, Ken.",
      "Nice to meet you, Dennis.",
    ]);
  } finally {
    log.mockRestore();
  }
});

test("an empty name is INVALID_ARGUMENT", async () => {
  const channel = createChannel(`127.0.0.1:${port}`);
  const error = (await createGreeterClient(channel)
    .sayHello({})
    .catch((e: unknown) => e)) as RpcError;
  channel.close();
  expect(error.code).toBe(Code.INVALID_ARGUMENT);
  expect(error.rawMessage).toBe("name is required");
});

test("breaking out of a response stream cancels the call on the server", async () => {
  let aborted: Promise<unknown> | undefined;
  const watched = createServer().add(GreeterService, {
    ...greeter,
    async *sayHelloStream(request, context) {
      aborted = new Promise((resolve) =>
        context.signal.addEventListener("abort", () => resolve(context.signal.reason)),
      );
      for (let i = 1; i <= request.count && !context.signal.aborted; i++) {
        yield { message: `Hello #${i}, ${request.name}!` };
        await sleep(5); // still running when the client stops reading
      }
    },
  });
  const watchedPort = await watched.listen("127.0.0.1:0");
  const channel = createChannel(`127.0.0.1:${watchedPort}`);
  expect(await readTwo(createGreeterClient(channel))).toEqual(["Hello #1, Ada!", "Hello #2, Ada!"]);
  expect(((await aborted) as RpcError).code).toBe(Code.CANCELLED);
  channel.close();
  await watched.close();
});

test("a gzip server compresses responses the client accepts", async () => {
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  try {
    const { server: gzipServer, compressedReply } = await compressedCall();
    expect(compressedReply).toBe(true);
    expect(log).toHaveBeenCalledWith(true);
    await gzipServer.close();
  } finally {
    log.mockRestore();
  }
});
