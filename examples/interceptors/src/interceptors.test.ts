import { Code, createChannel, createServer, type RpcError } from "h2rpc";
import { afterAll, beforeAll, expect, test } from "vitest";
import { bearerCredentials, requireBearer } from "./bearer-auth.js";
import { createGreeterClient, GreeterService } from "./gen/helloworld/greeter.h2rpc.js";
import { clientLogging, serverLogging } from "./logging.js";

const serverLog: string[] = [];
let target = "";
let stop: () => Promise<void>;

beforeAll(async () => {
  const server = createServer({
    interceptors: [serverLogging((l) => serverLog.push(l)), requireBearer((t) => (t === "good" ? "ada" : undefined))],
  }).add(GreeterService, {
    sayHello: (r) => ({ message: `Hello, ${r.name}!` }),
    greetMany: async (rs) => {
      let n = 0;
      for await (const _ of rs) n++;
      return { message: `${n} names` };
    },
    sayHelloStream: () => [],
    chat: () => [],
  });
  target = `127.0.0.1:${await server.listen("127.0.0.1:0")}`;
  stop = () => server.close();
});
afterAll(() => stop());

test("a client with a good token is served; the server says who it was in a trailer", async () => {
  const channel = createChannel(target);
  let who = "";
  const client = createGreeterClient(channel, { interceptors: [bearerCredentials(() => "good")] });
  const reply = await client.sayHello(
    { name: "Ada" },
    { onTrailer: (t) => (who = String(t.get("x-authenticated-as"))) },
  );
  channel.close();
  expect(reply.message).toBe("Hello, Ada!");
  expect(who).toBe("ada");
});

test("no token or a bad token is UNAUTHENTICATED, for streaming calls too", async () => {
  const channel = createChannel(target);
  const none = createGreeterClient(channel);
  const bad = createGreeterClient(channel, { interceptors: [bearerCredentials(async () => "bad")] });
  const codes: number[] = [];
  for (const call of [none.sayHello({ name: "x" }), bad.sayHello({ name: "x" }), bad.greetMany([{ name: "x" }])]) {
    try {
      await call;
    } catch (e) {
      codes.push((e as RpcError).code);
    }
  }
  channel.close();
  expect(codes).toEqual([Code.UNAUTHENTICATED, Code.UNAUTHENTICATED, Code.UNAUTHENTICATED]);
});

test("logging interceptors write one line per call on each side", async () => {
  const clientLog: string[] = [];
  const channel = createChannel(target);
  const client = createGreeterClient(channel, {
    interceptors: [clientLogging((l) => clientLog.push(l)), bearerCredentials(() => "good")],
  });
  await client.greetMany([{ name: "a" }, { name: "b" }]);
  channel.close();
  expect(clientLog).toHaveLength(1);
  expect(clientLog[0]).toMatch(/^client \/helloworld\.Greeter\/GreetMany OK [\d.]+ ms sent=2 received=1$/);
  expect(serverLog.at(-1)).toMatch(/^server \/helloworld\.Greeter\/GreetMany from 127\.0\.0\.1:\d+ OK$/);
  expect(serverLog.some((l) => l.endsWith("UNAUTHENTICATED"))).toBe(true);
});
