import { Registry } from "prom-client";
import { expect, test, vi } from "vitest";
import { createGreeterClient } from "./gen/helloworld/greeter.h2rpc.js";
import { logConnectivity, measuredGreeter, printStats, serveMetrics, tracedGreeter } from "./observability.js";

test("OpenTelemetry interceptors are no-ops without an SDK: calls go through", async () => {
  const { server, channel } = await tracedGreeter();
  expect(await createGreeterClient(channel).sayHello({ name: "Ada" })).toEqual({ message: "Hello, Ada!" });
  channel.close();
  await server.close();
});

test("Prometheus metrics count the calls on both sides and are served on /metrics", async () => {
  const registry = new Registry();
  const { server, channel } = await measuredGreeter(registry);
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  try {
    const stop = logConnectivity(channel);
    await createGreeterClient(channel).sayHello({ name: "Ada" });
    stop();
    expect(log.mock.calls).toEqual([
      [`channel to ${channel.target}: connecting`],
      [`channel to ${channel.target}: ready`],
    ]);
  } finally {
    log.mockRestore();
  }

  const { http, port } = await serveMetrics(registry, "127.0.0.1", 0);
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  http.close();
  channel.close();
  await server.close();
  expect(text).toContain(
    'grpc_server_handled_total{grpc_type="unary",grpc_service="helloworld.Greeter",grpc_method="SayHello",grpc_code="OK"} 1',
  );
  expect(text).toContain(
    'grpc_client_handled_total{grpc_type="unary",grpc_service="helloworld.Greeter",grpc_method="SayHello",grpc_code="OK"} 1',
  );
});

test("server and channel counters", async () => {
  const { server, channel } = await tracedGreeter();
  await createGreeterClient(channel).sayHello({ name: "Ada" });
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  try {
    printStats(server, channel);
    expect(log.mock.calls).toEqual([
      ["server: 1 connections, 0 calls open, 1 in all"],
      ["channel: 1 sessions, 0 calls waiting, 0 failed connects"],
    ]);
  } finally {
    log.mockRestore();
  }
  channel.close();
  await server.close();
});
