import { createChannel } from "h2rpc";
import { afterAll, beforeAll, expect, test } from "vitest";
import { greetEveryWay } from "./client.js";
import { createGreeterClient } from "./gen/helloworld/greeter.h2rpc.js";
import { startGreeterServer } from "./server.js";

let stop: () => Promise<void>;
let target: string;
beforeAll(async () => {
  const { server, port } = await startGreeterServer("127.0.0.1:0");
  target = `127.0.0.1:${port}`;
  stop = () => server.close();
});
afterAll(() => stop());

test("the greeter answers every call kind, and errors carry their status", async () => {
  const channel = createChannel(target);
  const lines = await greetEveryWay(createGreeterClient(channel));
  channel.close();
  expect(lines).toEqual([
    "unary:            Hello, Ada!",
    "client streaming: Hello, Grace and Linus!",
    "server streaming: Hello #1, Barbara!",
    "server streaming: Hello #2, Barbara!",
    "server streaming: Hello #3, Barbara!",
    "bidi streaming:   Nice to meet you, Ken.",
    "bidi streaming:   Nice to meet you, Dennis.",
    "error:            INVALID_ARGUMENT name must not be empty",
  ]);
});
