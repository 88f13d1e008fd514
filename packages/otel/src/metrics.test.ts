import { readFileSync } from "node:fs";
import { Code, type RpcError } from "h2rpc";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { otelClientInterceptor } from "./client.js";
import {
  A66_LATENCY_BUCKETS,
  A66_SIZE_BUCKETS,
  INSTRUMENTATION_NAME,
  INSTRUMENTATION_VERSION,
  MetricNames,
} from "./names.js";
import { otelServerInterceptor } from "./server.js";
import { collect, type Loopback, startLoopback } from "./test-support/greeter.js";
import { type Histogram, pointsMatching, TestSdk } from "./test-support/otel-sdk.js";

const sdk = new TestSdk();
let loop: Loopback;

beforeAll(async () => {
  const { tracerProvider, meterProvider, propagator } = sdk;
  loop = await startLoopback([otelServerInterceptor({ tracerProvider, meterProvider, propagator })], (target) => [
    otelClientInterceptor({ tracerProvider, meterProvider, propagator, target }),
  ]);
  // one call of each kind, and one error
  await loop.client.sayHello({ name: "Ada" });
  await loop.client.greetMany([{ name: "a" }, { name: "b" }]);
  await collect(loop.client.sayHelloStream({ name: "Bo", count: 2 }));
  await collect(loop.client.chat([{ name: "x" }]));
  expect(((await loop.client.sayHello({ name: "" }).catch((e) => e)) as RpcError).code).toBe(Code.INVALID_ARGUMENT);
  await vi.waitFor(() => expect(sdk.finishedSpans()).toHaveLength(10)); // every call has ended on both sides
});
afterAll(async () => {
  await loop.close();
  await sdk.stop();
});

const sayHello = "helloworld.Greeter/SayHello";

test("every gRFC A66 instrument is recorded, with its unit, under this package's scope", async () => {
  const metrics = await sdk.metrics();
  const units = Object.fromEntries(
    Object.values(MetricNames).map((name) => [name, metrics.get(name)?.descriptor.unit ?? "missing"]),
  );
  expect(units).toEqual({
    "grpc.client.attempt.started": "{attempt}",
    "grpc.client.attempt.duration": "s",
    "grpc.client.attempt.sent_total_compressed_message_size": "By",
    "grpc.client.attempt.rcvd_total_compressed_message_size": "By",
    "grpc.client.call.duration": "s",
    "grpc.server.call.started": "{call}",
    "grpc.server.call.duration": "s",
    "grpc.server.call.sent_total_compressed_message_size": "By",
    "grpc.server.call.rcvd_total_compressed_message_size": "By",
  });
  await sdk.reader.forceFlush();
  const scopes = sdk.metricExporter
    .getMetrics()
    .at(-1)
    ?.scopeMetrics.map((s) => s.scope);
  expect(scopes).toEqual([{ name: INSTRUMENTATION_NAME, version: INSTRUMENTATION_VERSION, schemaUrl: undefined }]);
});

test("client metrics: grpc.method, grpc.target and grpc.status attributes", async () => {
  const metrics = await sdk.metrics();
  const target = `dns:///${loop.target}`;
  const started = pointsMatching<number>(metrics.get(MetricNames.clientAttemptStarted), { "grpc.method": sayHello });
  expect(started.map((p) => [p.attributes, p.value])).toEqual([
    [{ "grpc.method": sayHello, "grpc.target": target }, 2],
  ]);
  const durations = pointsMatching<Histogram>(metrics.get(MetricNames.clientCallDuration), {});
  expect(
    durations.map((p) => `${p.attributes["grpc.method"]} ${p.attributes["grpc.status"]} ${p.value.count}`).sort(),
  ).toEqual([
    "helloworld.Greeter/Chat OK 1",
    "helloworld.Greeter/GreetMany OK 1",
    "helloworld.Greeter/SayHello INVALID_ARGUMENT 1",
    "helloworld.Greeter/SayHello OK 1",
    "helloworld.Greeter/SayHelloStream OK 1",
  ]);
  expect(durations.every((p) => p.attributes["grpc.target"] === target)).toBe(true);
  const attempt = pointsMatching<Histogram>(metrics.get(MetricNames.clientAttemptDuration), { "grpc.status": "OK" });
  expect(attempt).toHaveLength(4);
  expect(attempt.every((p) => (p.value.sum ?? 0) > 0 && (p.value.sum ?? 0) < 5)).toBe(true);
});

test("message sizes are the encoded message lengths, summed per call", async () => {
  const metrics = await sdk.metrics();
  const ok = { "grpc.method": sayHello, "grpc.status": "OK" };
  const sizes = (name: string, match: Record<string, unknown>) =>
    pointsMatching<Histogram>(metrics.get(name), match).map((p) => p.value.sum);
  // HelloRequest{name:"Ada"} is 5 bytes, HelloReply{message:"Hello, Ada!"} 13
  expect(sizes(MetricNames.clientAttemptSentTotalCompressedMessageSize, ok)).toEqual([5]);
  expect(sizes(MetricNames.clientAttemptRcvdTotalCompressedMessageSize, ok)).toEqual([13]);
  expect(sizes(MetricNames.serverCallRcvdTotalCompressedMessageSize, ok)).toEqual([5]);
  expect(sizes(MetricNames.serverCallSentTotalCompressedMessageSize, ok)).toEqual([13]);
  // GreetMany: two 3-byte requests ("a", "b") in one histogram sample of 6
  const many = pointsMatching<Histogram>(metrics.get(MetricNames.serverCallRcvdTotalCompressedMessageSize), {
    "grpc.method": "helloworld.Greeter/GreetMany",
  });
  expect(many.map((p) => [p.value.count, p.value.sum])).toEqual([[1, 6]]);
});

test("server metrics: grpc.method and grpc.status, no target", async () => {
  const metrics = await sdk.metrics();
  const started = pointsMatching<number>(metrics.get(MetricNames.serverCallStarted), {});
  expect(started.map((p) => [p.attributes["grpc.method"], p.value]).sort()).toEqual([
    ["helloworld.Greeter/Chat", 1],
    ["helloworld.Greeter/GreetMany", 1],
    ["helloworld.Greeter/SayHello", 2],
    ["helloworld.Greeter/SayHelloStream", 1],
  ]);
  expect(started.every((p) => Object.keys(p.attributes).length === 1)).toBe(true);
  const failed = pointsMatching<Histogram>(metrics.get(MetricNames.serverCallDuration), {
    "grpc.status": "INVALID_ARGUMENT",
  });
  expect(failed.map((p) => [p.attributes, p.value.count])).toEqual([
    [{ "grpc.method": sayHello, "grpc.status": "INVALID_ARGUMENT" }, 1],
  ]);
});

test("histograms use the gRFC A66 bucket boundaries", async () => {
  const metrics = await sdk.metrics();
  const latency = pointsMatching<Histogram>(metrics.get(MetricNames.serverCallDuration), {})[0];
  const size = pointsMatching<Histogram>(metrics.get(MetricNames.clientAttemptSentTotalCompressedMessageSize), {})[0];
  expect(latency?.value.buckets.boundaries).toEqual(A66_LATENCY_BUCKETS);
  expect(size?.value.buckets.boundaries).toEqual(A66_SIZE_BUCKETS);
});

test("a target the filter refuses is recorded as `other`; the package version matches package.json", async () => {
  const { meterProvider, propagator } = sdk;
  const filtered = await startLoopback([], (target) => [
    otelClientInterceptor({ meterProvider, propagator, target, tracing: false, targetAttributeFilter: () => false }),
  ]);
  await filtered.client.sayHello({ name: "Ada" });
  await filtered.close();
  const metrics = await sdk.metrics();
  expect(
    pointsMatching<number>(metrics.get(MetricNames.clientAttemptStarted), { "grpc.target": "other" }),
  ).toHaveLength(1);
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
  expect(INSTRUMENTATION_VERSION).toBe(pkg.version);
});
