import { createClientMetrics } from "@h2rpc/prometheus";
import { afterAll, beforeAll, expect, test } from "vitest";
import { greetEveryWay } from "./client.js";
import { type MetricsExample, startMetricsExample } from "./server.js";

let example: MetricsExample;
beforeAll(async () => {
  example = await startMetricsExample("127.0.0.1:0", "127.0.0.1", 0);
});
afterAll(() => example.close());

const scrape = async (path = "/metrics") => fetch(`http://127.0.0.1:${example.metricsPort}${path}`);
const series = (type: string, method: string) =>
  `grpc_type="${type}",grpc_service="helloworld.Greeter",grpc_method="${method}"`;

test("before any call, every greeter series is already there at 0", async () => {
  const text = await (await scrape()).text();
  expect(text).toContain(`grpc_server_started_total{${series("unary", "SayHello")}} 0`);
  expect(text).toContain(`grpc_server_handled_total{${series("bidi_stream", "Chat")},grpc_code="Unavailable"} 0`);
});

test("calls to the greeter show up on /metrics, with their kinds, messages and codes", async () => {
  const clientMetrics = createClientMetrics({ registry: example.registry });
  const lines = await greetEveryWay(`127.0.0.1:${example.grpcPort}`, [clientMetrics.interceptor]);
  expect(lines).toHaveLength(8);
  expect(lines.at(-1)).toBe("error: INVALID_ARGUMENT: name must not be empty");

  const response = await scrape();
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await response.text();
  for (const line of [
    `grpc_server_started_total{${series("unary", "SayHello")}} 2`,
    `grpc_server_handled_total{${series("unary", "SayHello")},grpc_code="OK"} 1`,
    `grpc_server_handled_total{${series("unary", "SayHello")},grpc_code="InvalidArgument"} 1`,
    `grpc_server_msg_received_total{${series("client_stream", "GreetMany")}} 2`,
    `grpc_server_msg_sent_total{${series("server_stream", "SayHelloStream")}} 3`,
    `grpc_server_msg_sent_total{${series("bidi_stream", "Chat")}} 2`,
    `grpc_server_handling_seconds_count{${series("bidi_stream", "Chat")}} 1`,
    `grpc_client_handled_total{${series("server_stream", "SayHelloStream")},grpc_code="OK"} 1`,
    `grpc_client_msg_received_total{${series("server_stream", "SayHelloStream")}} 3`,
  ]) {
    expect(text).toContain(line);
  }
  expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
});

test("anything but GET /metrics is 404", async () => {
  const response = await scrape("/");
  expect(response.status).toBe(404);
  await response.text();
});
