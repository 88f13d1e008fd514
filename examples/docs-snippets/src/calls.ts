// Samples of docs/calls-and-streams.md: a greeter server with one method of each kind, and the
// four ways to call it. calls.test.ts runs them against a loopback server.
import { setTimeout as sleep } from "node:timers/promises";
import { Code, createChannel, createServer, RpcError, type Server, sendUncompressed, wasCompressed } from "h2rpc";
import {
  createGreeterClient,
  type GreeterClient,
  type GreeterServer,
  GreeterService,
} from "./gen/helloworld/greeter.h2rpc.js";
import type { HelloRequest } from "./gen/helloworld/greeter.js";

// #region greeter-server
/** The greeter: one handler per method, typed by the generated GreeterServer interface. */
export const greeter: GreeterServer = {
  // unary: return the response, or a promise of it; throw an RpcError to choose the status
  sayHello(request) {
    if (request.name === "") throw new RpcError(Code.INVALID_ARGUMENT, "name is required");
    return { message: `Hello, ${request.name}!` };
  },
  // client streaming: read the requests, return one response
  async greetMany(requests) {
    const names: string[] = [];
    for await (const request of requests) names.push(request.name);
    return { message: `Hello, ${names.join(" and ")}!` };
  },
  // server streaming: yield the responses (an async generator, or any iterable)
  async *sayHelloStream(request, context) {
    for (let i = 1; i <= request.count; i++) {
      if (context.signal.aborted) return; // the client went away
      yield { message: `Hello #${i}, ${request.name}!` };
    }
  },
  // bidi: answer each request as it arrives
  async *chat(requests) {
    for await (const request of requests) yield { message: `Nice to meet you, ${request.name}.` };
  },
};
// #endregion

/** Starts the greeter on a free loopback port. */
export async function startGreeter(): Promise<{ server: Server; port: number }> {
  // #region serve
  const server = createServer().add(GreeterService, greeter);
  const port = await server.listen("127.0.0.1:0"); // 0 picks a free port; "[::]:50051", 50051, "unix:/tmp/s.sock" work too
  // #endregion
  return { server, port };
}

/** Makes one call of each kind against the greeter on `port`, printing what comes back. */
export async function callEveryKind(port: number): Promise<void> {
  // #region client
  const channel = createChannel(`127.0.0.1:${port}`); // connects on the first call
  const client = createGreeterClient(channel);
  // #endregion

  // #region unary-call
  const reply = await client.sayHello({ name: "Ada" });
  console.log(reply.message); // Hello, Ada!
  // #endregion

  // #region client-streaming-call
  // any iterable works: an array...
  const together = await client.greetMany([{ name: "Grace" }, { name: "Linus" }]);
  console.log(together.message); // Hello, Grace and Linus!

  // ...or an async generator, which is read as the stream has room (backpressure)
  async function* names(): AsyncGenerator<Partial<HelloRequest>> {
    for (const name of ["Ken", "Dennis"]) {
      await sleep(10); // e.g. waiting for the next line of a file
      yield { name };
    }
  }
  console.log((await client.greetMany(names())).message); // Hello, Ken and Dennis!
  // #endregion

  // #region server-streaming-call
  for await (const greeting of client.sayHelloStream({ name: "Barbara", count: 3 })) {
    console.log(greeting.message); // Hello #1, Barbara! ... Hello #3, Barbara!
  }
  // #endregion

  // #region bidi-call
  for await (const answer of client.chat(names())) {
    console.log(answer.message); // Nice to meet you, Ken. / Nice to meet you, Dennis.
  }
  // #endregion

  channel.close();
}

/** Reads two of a thousand greetings, then stops: the call is cancelled. */
export async function readTwo(client: GreeterClient): Promise<string[]> {
  // #region break-cancels
  const firstTwo: string[] = [];
  for await (const greeting of client.sayHelloStream({ name: "Ada", count: 1000 })) {
    firstTwo.push(greeting.message);
    if (firstTwo.length === 2) break; // cancels the call: RST_STREAM(CANCEL); the handler's context.signal fires
  }
  // #endregion
  return firstTwo;
}

/** A greeter that compresses its responses when the client accepts it, and a gzip call to it. */
export async function compressedCall(): Promise<{ server: Server; compressedReply: boolean }> {
  // #region compression
  // server: compress responses (≥ compressMinBytes, 1 KiB by default) with gzip when the client accepts it
  const server = createServer({ compression: "gzip" }).add(GreeterService, {
    ...greeter,
    sayHello(request, context) {
      if (request.name === "plain") context.setResponseCompression("identity"); // per call
      const message = `Hello, ${request.name}! `.repeat(200);
      return request.name === "raw" ? sendUncompressed({ message }) : { message }; // per message
    },
  });
  const port = await server.listen("127.0.0.1:0");

  // client: compress requests (those ≥ compressMinBytes, 1 KiB); responses are decoded whatever their encoding
  const channel = createChannel(`127.0.0.1:${port}`);
  const client = createGreeterClient(channel, { compression: "gzip" }); // or per call: { compression: "gzip" }
  const reply = await client.sayHello({ name: "Ada" });
  console.log(wasCompressed(reply)); // true: the response message arrived gzip'd
  // #endregion
  channel.close();
  return { server, compressedReply: wasCompressed(reply) };
}
