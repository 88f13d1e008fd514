import { Code, type RpcError } from "h2rpc";
import { Registry, register } from "prom-client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { GreeterService } from "./gen/helloworld/greeter.h2rpc.js";
import { createClientMetrics, createServerMetrics, grpcCodeLabel } from "./index.js";
import { collect, type Loopback, startLoopback } from "./test-support/greeter.js";

/** The value of metric `name` for the series with exactly `labels` (0 when absent). */
async function sampleValue(registry: Registry, name: string, labels: Record<string, string>): Promise<number> {
  const base = name.replace(/_(count|sum|bucket)$/, "");
  const metric = await registry.getSingleMetric(base)?.get();
  const match = metric?.values.find(
    (v) =>
      ((v as { metricName?: string }).metricName ?? base) === name &&
      Object.keys(labels).length === Object.keys(v.labels).length &&
      Object.entries(labels).every(([k, l]) => v.labels[k] === l),
  );
  return match?.value ?? 0;
}

const service = "helloworld.Greeter";
const labels = (type: string, method: string) => ({ grpc_type: type, grpc_service: service, grpc_method: method });
const kinds = [
  ["unary", "SayHello"],
  ["client_stream", "GreetMany"],
  ["server_stream", "SayHelloStream"],
  ["bidi_stream", "Chat"],
] as const;

describe("every call kind", () => {
  const registry = new Registry();
  let loop: Loopback;
  beforeAll(async () => {
    loop = await startLoopback([createServerMetrics({ registry }).interceptor], () => [
      createClientMetrics({ registry }).interceptor,
    ]);
    await loop.client.sayHello({ name: "Ada" });
    await loop.client.greetMany([{ name: "a" }, { name: "b" }, { name: "c" }]);
    await collect(loop.client.sayHelloStream({ name: "Bo", count: 4 }));
    await collect(loop.client.chat([{ name: "x" }, { name: "y" }]));
  });
  afterAll(() => loop.close());

  test.each(["server", "client"])("%s: started, handled OK and handling_seconds once per method", async (side) => {
    for (const [type, method] of kinds) {
      const l = labels(type, method);
      expect(await sampleValue(registry, `grpc_${side}_started_total`, l), `${method} started`).toBe(1);
      expect(await sampleValue(registry, `grpc_${side}_handled_total`, { ...l, grpc_code: "OK" })).toBe(1);
      expect(await sampleValue(registry, `grpc_${side}_handling_seconds_count`, l)).toBe(1);
    }
  });

  test("message counts follow the call kinds on both sides", async () => {
    // [type, method, requests, responses]
    const expected = [
      ["unary", "SayHello", 1, 1],
      ["client_stream", "GreetMany", 3, 1],
      ["server_stream", "SayHelloStream", 1, 4],
      ["bidi_stream", "Chat", 2, 2],
    ] as const;
    for (const [type, method, requests, responses] of expected) {
      const l = labels(type, method);
      expect(await sampleValue(registry, "grpc_server_msg_received_total", l), `${method} server received`).toBe(
        requests,
      );
      expect(await sampleValue(registry, "grpc_server_msg_sent_total", l), `${method} server sent`).toBe(responses);
      expect(await sampleValue(registry, "grpc_client_msg_sent_total", l), `${method} client sent`).toBe(requests);
      expect(await sampleValue(registry, "grpc_client_msg_received_total", l), `${method} client received`).toBe(
        responses,
      );
    }
  });

  test("the text exposition has the conventional names and labels", async () => {
    const text = await registry.metrics();
    expect(text).toContain(
      'grpc_server_handled_total{grpc_type="unary",grpc_service="helloworld.Greeter",grpc_method="SayHello",grpc_code="OK"} 1',
    );
    expect(text).toContain("# TYPE grpc_client_handling_seconds histogram");
    expect(text).toContain(
      'grpc_client_handling_seconds_bucket{le="0.005",grpc_type="bidi_stream",grpc_service="helloworld.Greeter",grpc_method="Chat"}',
    );
  });
});

describe("errors", () => {
  const registry = new Registry();
  let loop: Loopback;
  beforeAll(async () => {
    loop = await startLoopback([createServerMetrics({ registry }).interceptor], () => [
      createClientMetrics({ registry }).interceptor,
    ]);
  });
  afterAll(() => loop.close());

  test("a status error is counted with its code on both sides", async () => {
    expect(((await loop.client.sayHello({ name: "" }).catch((e) => e)) as RpcError).code).toBe(Code.INVALID_ARGUMENT);
    const l = { ...labels("unary", "SayHello"), grpc_code: "InvalidArgument" };
    expect(await sampleValue(registry, "grpc_server_handled_total", l)).toBe(1);
    expect(await sampleValue(registry, "grpc_client_handled_total", l)).toBe(1);
    expect(await sampleValue(registry, "grpc_server_handled_total", { ...l, grpc_code: "OK" })).toBe(0);
  });

  test("a handler's plain exception is Unknown", async () => {
    expect(((await loop.client.sayHello({ name: "boom" }).catch((e) => e)) as RpcError).code).toBe(Code.UNKNOWN);
    const l = { ...labels("unary", "SayHello"), grpc_code: "Unknown" };
    expect(await sampleValue(registry, "grpc_server_handled_total", l)).toBe(1);
    expect(await sampleValue(registry, "grpc_client_handled_total", l)).toBe(1);
  });

  test("a stream the client stops reading early is Canceled on the client", async () => {
    for await (const _ of loop.client.sayHelloStream({ name: "Bo", count: 1000 })) break;
    const l = labels("server_stream", "SayHelloStream");
    expect(await sampleValue(registry, "grpc_client_handled_total", { ...l, grpc_code: "Canceled" })).toBe(1);
    expect(await sampleValue(registry, "grpc_client_msg_received_total", l)).toBe(1);
  });

  test("a deadline is DeadlineExceeded on the client", async () => {
    const error = (await loop.client.sayHello({ name: "slow" }, { timeoutMs: 30 }).catch((e) => e)) as RpcError;
    expect(error.code).toBe(Code.DEADLINE_EXCEEDED);
    const l = { ...labels("unary", "SayHello"), grpc_code: "DeadlineExceeded" };
    expect(await sampleValue(registry, "grpc_client_handled_total", l)).toBe(1);
  });

  test("errors in client and bidi streams are counted too", async () => {
    const expired = { deadline: Date.now() - 1 };
    await expect(loop.client.greetMany([{ name: "x" }], expired)).rejects.toThrow(/Deadline/i);
    await expect(collect(loop.client.chat([{ name: "x" }], expired))).rejects.toThrow(/Deadline/i);
    for (const [type, method] of [kinds[1], kinds[3]]) {
      const l = { ...labels(type, method), grpc_code: "DeadlineExceeded" };
      expect(await sampleValue(registry, "grpc_client_handled_total", l), method).toBe(1);
    }
  });
});

describe("options", () => {
  test("canonical code labels spell codes as gRPC's status list does", async () => {
    const registry = new Registry();
    const loop = await startLoopback(
      [createServerMetrics({ registry, codeLabels: "canonical" }).interceptor],
      () => [],
    );
    await loop.client.sayHello({ name: "" }).catch(() => {});
    await loop.close();
    const l = { ...labels("unary", "SayHello"), grpc_code: "INVALID_ARGUMENT" };
    expect(await sampleValue(registry, "grpc_server_handled_total", l)).toBe(1);
    expect(grpcCodeLabel(Code.CANCELLED)).toBe("Canceled");
    expect(grpcCodeLabel(Code.CANCELLED, "canonical")).toBe("CANCELLED");
    expect(grpcCodeLabel(42)).toBe("Code(42)");
  });

  test("initialize creates every series at zero, handled for each of the 17 codes", async () => {
    const registry = new Registry();
    createServerMetrics({ registry }).initialize(GreeterService);
    const handled = await registry.getSingleMetric("grpc_server_handled_total")?.get();
    expect(handled?.values).toHaveLength(4 * 17);
    expect(handled?.values.every((v) => v.value === 0)).toBe(true);
    expect(await sampleValue(registry, "grpc_server_started_total", labels("bidi_stream", "Chat"))).toBe(0);
    const text = await registry.metrics();
    expect(text).toContain(
      'grpc_server_started_total{grpc_type="client_stream",grpc_service="helloworld.Greeter",grpc_method="GreetMany"} 0',
    );
    expect(text).toContain(
      'grpc_server_handling_seconds_count{grpc_type="unary",grpc_service="helloworld.Greeter",grpc_method="SayHello"} 0',
    );
  });

  test("a second set of metrics on the same registry shares the first's; the histogram can be turned off", async () => {
    const registry = new Registry();
    const first = createServerMetrics({ registry, buckets: [0.1, 1] });
    const second = createServerMetrics({ registry });
    expect(second.registry).toBe(registry);
    first.initialize(GreeterService);
    second.initialize(GreeterService);
    expect(
      await sampleValue(registry, "grpc_server_handling_seconds_bucket", { ...labels("unary", "SayHello"), le: "0.1" }),
    ).toBe(0);
    const bare = new Registry();
    createClientMetrics({ registry: bare, handlingTimeHistogram: false });
    expect(bare.getSingleMetric("grpc_client_handling_seconds")).toBeUndefined();
    expect(bare.getSingleMetric("grpc_client_started_total")).toBeDefined();
  });

  test("the default registry is prom-client's global one", () => {
    const metrics = createClientMetrics();
    expect(metrics.registry).toBe(register);
    expect(register.getSingleMetric("grpc_client_handled_total")).toBeDefined();
    register.clear();
  });
});
