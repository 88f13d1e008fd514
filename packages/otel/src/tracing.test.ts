import { context, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { Code, Metadata, RpcError } from "h2rpc";
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { otelClientInterceptor } from "./client.js";
import { metadataGetter, metadataSetter } from "./metadata-carrier.js";
import { otelServerInterceptor } from "./server.js";
import { collect, type Loopback, startLoopback } from "./test-support/greeter.js";
import { type ReadableSpan, TestSdk } from "./test-support/otel-sdk.js";

const sdk = new TestSdk();
let loop: Loopback;

beforeAll(async () => {
  sdk.start();
  const { tracerProvider, meterProvider, propagator } = sdk;
  loop = await startLoopback(
    [otelServerInterceptor({ tracerProvider, meterProvider, propagator, serverAddress: "greeter.test" })],
    (target) => [otelClientInterceptor({ tracerProvider, meterProvider, propagator, target })],
  );
});
afterAll(async () => {
  await loop.close();
  await sdk.stop();
});
afterEach(() => sdk.reset());

/** Waits until `count` spans have ended and returns the client and server span of `name`. */
async function spansOf(name: string, count = 2): Promise<{ client: ReadableSpan; server: ReadableSpan }> {
  await vi.waitFor(() => expect(sdk.finishedSpans().length).toBeGreaterThanOrEqual(count));
  const spans = sdk.finishedSpans().filter((s) => s.name === name);
  const client = spans.find((s) => s.kind === SpanKind.CLIENT);
  const server = spans.find((s) => s.kind === SpanKind.SERVER);
  if (client === undefined || server === undefined) throw new Error(`no client and server span named ${name}`);
  return { client, server };
}

function messageEvents(span: ReadableSpan): string[] {
  return span.events
    .filter((e) => e.name === "rpc.message")
    .map((e) => `${e.attributes?.["rpc.message.type"]}#${e.attributes?.["rpc.message.id"]}`);
}

describe("spans", () => {
  test("unary: a CLIENT and a SERVER span with the RPC semantic-convention attributes", async () => {
    expect((await loop.client.sayHello({ name: "Ada" })).message).toBe("Hello, Ada!");
    const { client, server } = await spansOf("helloworld.Greeter/SayHello");
    expect(client.attributes).toMatchObject({
      "rpc.system": "grpc",
      "rpc.service": "helloworld.Greeter",
      "rpc.method": "SayHello",
      "rpc.grpc.status_code": 0,
      "server.address": "127.0.0.1",
      "server.port": loop.port,
    });
    expect(server.attributes).toMatchObject({
      "rpc.system": "grpc",
      "rpc.service": "helloworld.Greeter",
      "rpc.method": "SayHello",
      "rpc.grpc.status_code": 0,
      "server.address": "greeter.test",
      "network.peer.address": "127.0.0.1",
    });
    expect(server.attributes["network.peer.port"]).toEqual(expect.any(Number));
    expect(client.status.code).toBe(SpanStatusCode.UNSET);
    expect(server.status.code).toBe(SpanStatusCode.UNSET);
    expect(client.attributes["error.type"]).toBeUndefined();
    expect(messageEvents(client)).toEqual(["SENT#1", "RECEIVED#1"]);
    expect(messageEvents(server)).toEqual(["RECEIVED#1", "SENT#1"]);
    const sentEvent = client.events.find((e) => e.attributes?.["rpc.message.type"] === "SENT");
    expect(sentEvent?.attributes?.["rpc.message.uncompressed_size"]).toBe(5); // field tag, length, "Ada"
  });

  test("client streaming: one span each side, an event per request message", async () => {
    await loop.client.greetMany([{ name: "a" }, { name: "b" }, { name: "c" }]);
    const { client, server } = await spansOf("helloworld.Greeter/GreetMany");
    expect(client.attributes["rpc.method"]).toBe("GreetMany");
    expect(messageEvents(client)).toEqual(["SENT#1", "SENT#2", "SENT#3", "RECEIVED#1"]);
    expect(messageEvents(server)).toEqual(["RECEIVED#1", "RECEIVED#2", "RECEIVED#3", "SENT#1"]);
  });

  test("server streaming: an event per response message", async () => {
    const replies = await collect(loop.client.sayHelloStream({ name: "Bo", count: 3 }));
    expect(replies).toHaveLength(3);
    const { client, server } = await spansOf("helloworld.Greeter/SayHelloStream");
    expect(client.attributes["rpc.grpc.status_code"]).toBe(0);
    expect(messageEvents(client)).toEqual(["SENT#1", "RECEIVED#1", "RECEIVED#2", "RECEIVED#3"]);
    expect(messageEvents(server)).toEqual(["RECEIVED#1", "SENT#1", "SENT#2", "SENT#3"]);
  });

  test("bidi streaming: events both ways", async () => {
    const replies = await collect(loop.client.chat([{ name: "x" }, { name: "y" }]));
    expect(replies.map((r) => r.message)).toEqual(["Hi x", "Hi y"]);
    const { client, server } = await spansOf("helloworld.Greeter/Chat");
    expect(client.kind).toBe(SpanKind.CLIENT);
    expect(server.kind).toBe(SpanKind.SERVER);
    expect(messageEvents(client).sort()).toEqual(["RECEIVED#1", "RECEIVED#2", "SENT#1", "SENT#2"]);
    expect(messageEvents(server).sort()).toEqual(["RECEIVED#1", "RECEIVED#2", "SENT#1", "SENT#2"]);
  });
});

describe("errors", () => {
  test("INVALID_ARGUMENT: ERROR on the client span, status left unset on the server span", async () => {
    const error = (await loop.client.sayHello({ name: "" }).catch((e) => e)) as RpcError;
    expect(error.code).toBe(Code.INVALID_ARGUMENT);
    const { client, server } = await spansOf("helloworld.Greeter/SayHello");
    expect(client.status).toEqual({ code: SpanStatusCode.ERROR, message: "name must not be empty" });
    expect(client.attributes).toMatchObject({ "rpc.grpc.status_code": 3, "error.type": "INVALID_ARGUMENT" });
    expect(server.status.code).toBe(SpanStatusCode.UNSET);
    expect(server.attributes).toMatchObject({ "rpc.grpc.status_code": 3, "error.type": "INVALID_ARGUMENT" });
  });

  test("a handler's plain exception: UNKNOWN and ERROR on both spans", async () => {
    const error = (await loop.client.sayHello({ name: "boom" }).catch((e) => e)) as RpcError;
    expect(error.code).toBe(Code.UNKNOWN);
    const { client, server } = await spansOf("helloworld.Greeter/SayHello");
    expect(client.status.code).toBe(SpanStatusCode.ERROR);
    expect(client.attributes["rpc.grpc.status_code"]).toBe(Code.UNKNOWN);
    expect(server.status).toEqual({ code: SpanStatusCode.ERROR, message: "kaboom" });
    expect(server.attributes["rpc.grpc.status_code"]).toBe(Code.UNKNOWN);
  });

  test("a deadline: DEADLINE_EXCEEDED on the client span; the server span ends with the call, as it ended there", async () => {
    const error = (await loop.client.sayHello({ name: "slow" }, { timeoutMs: 50 }).catch((e) => e)) as RpcError;
    expect(error.code).toBe(Code.DEADLINE_EXCEEDED);
    const { client, server } = await spansOf("helloworld.Greeter/SayHello");
    expect(client.attributes["rpc.grpc.status_code"]).toBe(Code.DEADLINE_EXCEEDED);
    expect(client.status.code).toBe(SpanStatusCode.ERROR);
    // the server's own timer (DEADLINE_EXCEEDED, an error there) races the client's RST_STREAM (CANCELLED, not one)
    const serverCode = server.attributes["rpc.grpc.status_code"];
    expect([Code.DEADLINE_EXCEEDED, Code.CANCELLED]).toContain(serverCode);
    expect(server.status.code).toBe(
      serverCode === Code.DEADLINE_EXCEEDED ? SpanStatusCode.ERROR : SpanStatusCode.UNSET,
    );
  });

  test("an interceptor inside that refuses the call ends the client span with its code", async () => {
    const { tracerProvider, propagator } = sdk;
    const refused = await startLoopback([], (target) => [
      otelClientInterceptor({ tracerProvider, propagator, target, metrics: false }),
      () => {
        throw new RpcError(Code.UNAUTHENTICATED, "no token");
      },
    ]);
    const error = (await refused.client.sayHello({ name: "Ada" }).catch((e) => e)) as RpcError;
    await refused.close();
    expect(error.code).toBe(Code.UNAUTHENTICATED);
    const [client] = sdk.finishedSpans();
    expect(client?.attributes["rpc.grpc.status_code"]).toBe(Code.UNAUTHENTICATED);
    expect(client?.status).toEqual({ code: SpanStatusCode.ERROR, message: "no token" });
  });

  test("breaking out of a response stream ends the client span as CANCELLED", async () => {
    for await (const _ of loop.client.sayHelloStream({ name: "Bo", count: 1000 })) break;
    const { client } = await spansOf("helloworld.Greeter/SayHelloStream");
    expect(client.attributes["rpc.grpc.status_code"]).toBe(Code.CANCELLED);
    expect(client.status.code).toBe(SpanStatusCode.ERROR);
  });
});

describe("trace context", () => {
  test("the server span continues the client span's trace: same trace id, client span as parent", async () => {
    await loop.client.sayHello({ name: "Ada" });
    const { client, server } = await spansOf("helloworld.Greeter/SayHello");
    expect(server.spanContext().traceId).toBe(client.spanContext().traceId);
    expect(server.parentSpanContext?.spanId).toBe(client.spanContext().spanId);
    expect(server.parentSpanContext?.isRemote).toBe(true);
    expect(client.parentSpanContext).toBeUndefined(); // no active span when the call was made
  });

  test("the client span's parent is the span active when the call is made", async () => {
    const tracer = sdk.tracerProvider.getTracer("test");
    await tracer.startActiveSpan("request handler", async (span) => {
      await loop.client.sayHello({ name: "Ada" });
      span.end();
    });
    const { client } = await spansOf("helloworld.Greeter/SayHello", 3);
    const outer = sdk.finishedSpans().find((s) => s.name === "request handler");
    expect(client.parentSpanContext?.spanId).toBe(outer?.spanContext().spanId);
    expect(client.spanContext().traceId).toBe(outer?.spanContext().traceId);
  });

  test("a call made inside a handler is a child of the server span", async () => {
    expect((await loop.client.sayHello({ name: "nested" })).message).toBe("outer(Hello, inner!)");
    await vi.waitFor(() => expect(sdk.finishedSpans()).toHaveLength(4));
    const spans = sdk.finishedSpans();
    const [innerServer, innerClient, outerServer, outerClient] = [
      ...spans.filter((s) => s.kind === SpanKind.SERVER && s.events.some(isInnerRequest)),
      ...spans.filter((s) => s.kind === SpanKind.CLIENT && s.events.some(isInnerRequest)),
      ...spans.filter((s) => s.kind === SpanKind.SERVER && !s.events.some(isInnerRequest)),
      ...spans.filter((s) => s.kind === SpanKind.CLIENT && !s.events.some(isInnerRequest)),
    ];
    expect(outerServer?.parentSpanContext?.spanId).toBe(outerClient?.spanContext().spanId);
    expect(innerClient?.parentSpanContext?.spanId).toBe(outerServer?.spanContext().spanId);
    expect(innerServer?.parentSpanContext?.spanId).toBe(innerClient?.spanContext().spanId);
    expect(new Set(spans.map((s) => s.spanContext().traceId)).size).toBe(1);
  });

  test("traceparent goes in the request metadata and reads back", () => {
    const tracer = sdk.tracerProvider.getTracer("test");
    const span = tracer.startSpan("s");
    const metadata = new Metadata();
    sdk.propagator.inject(trace.setSpan(context.active(), span), metadata, metadataSetter);
    span.end();
    const traceparent = metadata.getString("traceparent");
    expect(traceparent).toBe(`00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`);
    expect(metadataGetter.get(metadata, "traceparent")).toBe(traceparent);
    expect(metadataGetter.keys(metadata)).toEqual(["traceparent"]);
  });

  test("with tracing off no span is recorded, and the active context still propagates", async () => {
    const { propagator } = sdk;
    const seen: (string | undefined)[] = [];
    const off = await startLoopback(
      [
        (request, next) => {
          seen.push(request.context.metadata.getString("traceparent"));
          return next(request);
        },
      ],
      (target) => [otelClientInterceptor({ propagator, target, tracing: false, metrics: false })],
    );
    const tracer = sdk.tracerProvider.getTracer("test");
    await tracer.startActiveSpan("outer", async (span) => {
      await off.client.sayHello({ name: "Ada" });
      span.end();
    });
    await off.close();
    const outer = sdk.finishedSpans();
    expect(outer.map((s) => s.name)).toEqual(["outer"]);
    expect(seen[0]).toContain(outer[0]?.spanContext().spanId);
  });
});

function isInnerRequest(event: ReadableSpan["events"][number]): boolean {
  // "inner" encodes to 7 bytes, "nested" to 8
  return (
    event.attributes?.["rpc.message.type"] !== undefined && event.attributes["rpc.message.uncompressed_size"] === 7
  );
}
