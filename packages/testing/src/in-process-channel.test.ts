import { readFileSync } from "node:fs";
import type { Duplex } from "node:stream";
import {
  type ClientInterceptor,
  Code,
  createClient,
  createServer,
  ErrorDetails,
  RpcError,
  type Server,
  type ServerCallContext,
  type ServerInterceptor,
  type ServiceImplementation,
  wasCompressed,
} from "h2rpc";
import { afterEach, expect, test } from "vitest";
import { createInProcessChannel } from "./in-process-channel.js";
import { collect, type Echo, EchoService, echo, messages, rejection } from "./test-support/echo-service.js";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A server with `implementation` (echo by default) and an in-process client of it; both closed after the test. */
function serve(implementation: Partial<ServiceImplementation<typeof EchoService>> = {}, options = {}) {
  const server = createServer({ onHandlerError: () => {}, ...options }).add(EchoService, {
    ...echo,
    ...implementation,
  });
  const channel = createInProcessChannel(server);
  cleanups.push(() => server.forceShutdown());
  cleanups.push(() => channel.close());
  return { server, channel, client: createClient(EchoService, channel) };
}

/** A handler that waits until its call ends and reports the context it saw. */
function waitingHandler() {
  let seen: (context: ServerCallContext) => void = () => {};
  const started = new Promise<ServerCallContext>((resolve) => (seen = resolve));
  const handler = async (_request: Echo, context: ServerCallContext) => {
    seen(context);
    await new Promise((resolve) => context.signal.addEventListener("abort", resolve, { once: true }));
    return { text: "too late" };
  };
  return { handler, started };
}

test("all four call kinds, with no socket and no listen()", async () => {
  const { server, channel, client } = serve();
  expect(await client.unary({ text: "hi" })).toEqual({ text: "hi" });
  expect(await collect(client.serverStream({ text: "s" }))).toEqual([{ text: "s1" }, { text: "s2" }, { text: "s3" }]);
  expect(await client.clientStream(messages("a", "b", "c"))).toEqual({ text: "a,b,c" });
  expect(await collect(client.bidi(messages("x", "y")))).toEqual([{ text: "x" }, { text: "y" }]);
  expect(server.stats()).toMatchObject({ sessionsOpen: 1, streamsTotal: 4, streamsActive: 0 });
  expect(channel.stats()).toMatchObject({ sessionsOpen: 1, streamsStarted: 4 });
  expect(channel.target).toBe("in-process");
});

test("metadata both ways: request metadata, response headers and trailers", async () => {
  const { client } = serve({
    unary(request, context) {
      context.header.set("x-answer", context.metadata.get("x-question") ?? "none");
      context.trailer.set("x-bin", new Uint8Array([1, 2, 3]));
      return request;
    },
  });
  let headers: Map<string, unknown> | undefined;
  let trailers: Map<string, unknown> | undefined;
  await client.unary(
    { text: "m" },
    {
      metadata: { "x-question": "42" },
      onHeader: (h) => (headers = new Map([["x-answer", h.get("x-answer")]])),
      onTrailer: (t) => (trailers = new Map([["x-bin", t.get("x-bin")]])),
    },
  );
  expect(headers?.get("x-answer")).toBe("42");
  expect(trailers?.get("x-bin")).toEqual(new Uint8Array([1, 2, 3]));
});

test("deadline: both sides end the call, the handler's signal aborts", async () => {
  const { handler, started } = waitingHandler();
  const { client } = serve({ unary: handler });
  const error = await rejection(client.unary({ text: "slow" }, { timeoutMs: 100 }));
  expect(error).toMatchObject({ code: Code.DEADLINE_EXCEEDED });
  const context = await started;
  expect(context.deadline).toBeTypeOf("number");
  await expect.poll(() => context.signal.aborted).toBe(true);
});

test("cancellation: aborting the call's signal aborts the handler's", async () => {
  const { handler, started } = waitingHandler();
  const { client } = serve({ unary: handler });
  const controller = new AbortController();
  const call = rejection(client.unary({ text: "cancel me" }, { signal: controller.signal }));
  const context = await started;
  controller.abort();
  expect(await call).toMatchObject({ code: Code.CANCELLED });
  await expect.poll(() => context.signal.aborted).toBe(true);
});

test("breaking out of a response stream cancels the server-streaming handler", async () => {
  let aborted: Promise<void> | undefined;
  const { client } = serve({
    async *serverStream(request, context) {
      aborted = new Promise((resolve) => context.signal.addEventListener("abort", () => resolve(), { once: true }));
      for (let i = 0; ; i++) {
        yield { text: `${request.text}${i}` };
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    },
  });
  for await (const reply of client.serverStream({ text: "n" })) {
    if (reply.text === "n2") break;
  }
  await aborted;
});

test("errors keep their code, message, metadata and details", async () => {
  const { client } = serve({
    unary(_request, context) {
      context.trailer.set("x-why", "because");
      throw new RpcError(Code.INVALID_ARGUMENT, "bad text", {
        details: [ErrorDetails.ErrorInfo.pack({ reason: "BAD_TEXT", domain: "testing.h2rpc" })],
      });
    },
  });
  const error = (await rejection(client.unary({ text: "?" }))) as RpcError;
  expect(error).toBeInstanceOf(RpcError);
  expect(error).toMatchObject({ code: Code.INVALID_ARGUMENT, rawMessage: "bad text" });
  expect(error.metadata.get("x-why")).toBe("because");
  expect(error.findDetail(ErrorDetails.ErrorInfo)).toMatchObject({ reason: "BAD_TEXT", domain: "testing.h2rpc" });
});

test("compression both ways", async () => {
  let requestCompressed: boolean | undefined;
  let encoding: string | undefined;
  const { client } = serve(
    {
      unary(request, context) {
        requestCompressed = wasCompressed(request);
        encoding = context.requestCompression;
        return request;
      },
    },
    { compression: "gzip" },
  );
  const text = "compress me ".repeat(500);
  const reply = await client.unary({ text }, { compression: "gzip" });
  expect(reply.text).toBe(text);
  expect(requestCompressed).toBe(true);
  expect(encoding).toBe("gzip");
  expect(wasCompressed(reply)).toBe(true);
});

test("interceptors on both sides", async () => {
  const addToken: ClientInterceptor = async (call, next) => {
    call.metadata.set("authorization", "Bearer t0ken");
    return next(call);
  };
  const seen: string[] = [];
  const requireToken: ServerInterceptor = async function* (call, next) {
    const token = call.context.metadata.get("authorization");
    if (token !== "Bearer t0ken") throw new RpcError(Code.UNAUTHENTICATED, "token required");
    seen.push(call.method.name);
    yield* next(call);
  };
  const server = createServer({ interceptors: [requireToken] }).add(EchoService, echo);
  cleanups.push(() => server.forceShutdown());
  const withToken = createInProcessChannel(server, { interceptors: [addToken] });
  const without = createInProcessChannel(server);
  cleanups.push(
    () => withToken.close(),
    () => without.close(),
  );
  expect(await createClient(EchoService, withToken).unary({ text: "ok" })).toEqual({ text: "ok" });
  expect(await collect(createClient(EchoService, withToken).bidi(messages("b")))).toEqual([{ text: "b" }]);
  const refused = await rejection(createClient(EchoService, without).unary({ text: "no" }));
  expect(refused).toMatchObject({ code: Code.UNAUTHENTICATED });
  expect(seen).toEqual(["Unary", "Bidi"]);
});

test("server shutdown drains: the call in flight finishes, later calls fail with UNAVAILABLE", async () => {
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  let entered: () => void = () => {};
  const inHandler = new Promise<void>((resolve) => (entered = resolve));
  const { server, channel, client } = serve({
    async unary(request) {
      entered();
      await released;
      return request;
    },
  });
  const inFlight = client.unary({ text: "in flight" });
  await inHandler;
  const shutdown = server.shutdown({ graceMs: 10_000 });
  // node may put the GOAWAY on the wire twice
  await expect.poll(() => channel.stats().goawaysReceived > 0).toBe(true);
  release();
  expect(await inFlight).toEqual({ text: "in flight" });
  await shutdown;
  expect(server.stats()).toMatchObject({ sessionsOpen: 0, streamsActive: 0 });
  const later = await rejection(client.unary({ text: "later" }));
  expect(later).toMatchObject({ code: Code.UNAVAILABLE, message: expect.stringContaining("shut down") });
});

test("forceShutdown fails calls in flight with UNAVAILABLE", async () => {
  const { handler, started } = waitingHandler();
  const { server, client } = serve({ unary: handler });
  const call = rejection(client.unary({ text: "doomed" }));
  const context = await started;
  await server.forceShutdown();
  expect(await call).toMatchObject({ code: Code.UNAVAILABLE });
  expect(context.signal.aborted).toBe(true);
});

for (const how of ["destroy()", "destroy(error)", "end()"] as const) {
  test(`the server side of the connection going away (${how}): calls fail with UNAVAILABLE, no hang`, async () => {
    const { handler, started } = waitingHandler();
    const server = createServer({ onHandlerError: () => {} }).add(EchoService, { ...echo, unary: handler });
    const connections = captureConnections(server);
    const channel = createInProcessChannel(server);
    cleanups.push(
      () => server.forceShutdown(),
      () => channel.close(),
    );
    const client = createClient(EchoService, channel);
    const call = rejection(client.unary({ text: "orphan" }, { timeoutMs: 10_000 }));
    await started;
    const connection = connections[0] as Duplex;
    if (how === "destroy()") connection.destroy();
    else if (how === "destroy(error)") connection.destroy(new Error("cable cut"));
    else connection.end();
    expect(await call).toMatchObject({ code: Code.UNAVAILABLE });
    await expect.poll(() => channel.stats().sessionsOpen).toBe(0);
    // the channel connects again for the next call
    expect(await client.unary({ text: "again" }, { timeoutMs: 100 }).catch((e: RpcError) => e.code)).toBe(
      Code.DEADLINE_EXCEEDED,
    );
    expect(connections).toHaveLength(2);
  });
}

test("TLS runs over the in-memory connection too (mutual TLS here)", async () => {
  const tls = (name: string) => readFileSync(new URL(`../../h2rpc/test-fixtures/tls/${name}`, import.meta.url));
  const server = createServer({
    tls: { cert: tls("server.crt"), key: tls("server.key"), ca: tls("ca.crt"), requireClientCert: true },
  }).add(EchoService, echo);
  const channel = createInProcessChannel(server, {
    tls: { ca: tls("ca.crt"), cert: tls("client.crt"), key: tls("client.key"), serverName: "localhost" },
  });
  const plain = createInProcessChannel(server, { connectTimeoutMs: 2000 });
  cleanups.push(
    () => server.forceShutdown(),
    () => channel.close(),
    () => plain.close(),
  );
  expect(await createClient(EchoService, channel).unary({ text: "secret" })).toEqual({ text: "secret" });
  expect(await rejection(createClient(EchoService, plain).unary({ text: "plain" }))).toMatchObject({
    code: Code.UNAVAILABLE,
  });
});

test("a channel closed by the client ends the server's connection", async () => {
  const { server, channel, client } = serve();
  await client.unary({ text: "once" });
  channel.close();
  await expect.poll(() => server.stats().sessionsOpen).toBe(0);
  expect(await rejection(client.unary({ text: "closed" }))).toMatchObject({ code: Code.UNAVAILABLE });
});

/** Records the server ends of the connections `server` accepts. */
function captureConnections(server: Server): Duplex[] {
  const connections: Duplex[] = [];
  const accept = server.acceptConnection.bind(server);
  server.acceptConnection = (connection) => {
    connections.push(connection);
    accept(connection);
  };
  return connections;
}
