import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { createServerMetrics } from "@h2rpc/prometheus";
import { createServer } from "h2rpc";
import { collectDefaultMetrics, Registry } from "prom-client";
import { GreeterService } from "./gen/helloworld/greeter.h2rpc.js";
import { greeter } from "./greeter-service.js";

/** A running greeter with its metrics endpoint. */
export interface MetricsExample {
  /** The greeter's gRPC port. */
  readonly grpcPort: number;
  /** The port serving `GET /metrics`. */
  readonly metricsPort: number;
  /** The registry holding the gRPC and process metrics. */
  readonly registry: Registry;
  /** Stops both servers. */
  close(): Promise<void>;
}

/**
 * Starts the greeter on `grpcAddress` with server metrics, and an HTTP server on
 * `metricsHost:metricsPort` answering `GET /metrics` in the Prometheus text format.
 */
export async function startMetricsExample(
  grpcAddress = "127.0.0.1:50051",
  metricsHost = "127.0.0.1",
  metricsPort = 9464,
): Promise<MetricsExample> {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry }); // process_* and nodejs_* next to grpc_*
  const metrics = createServerMetrics({ registry });
  metrics.initialize(GreeterService); // every series exists at 0 before the first call
  const server = createServer({ interceptors: [metrics.interceptor] }).add(GreeterService, greeter);
  const grpcPort = await server.listen(grpcAddress);

  const http1 = http.createServer((request, response) => {
    if (request.method !== "GET" || request.url?.split("?")[0] !== "/metrics") {
      response.writeHead(404, { "content-type": "text/plain" }).end("Not found: try GET /metrics\n");
      return;
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { "content-type": registry.contentType }).end(text),
      (error: unknown) => response.writeHead(500, { "content-type": "text/plain" }).end(`${String(error)}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    http1.once("error", reject);
    http1.listen(metricsPort, metricsHost, () => resolve());
  });
  return {
    grpcPort,
    metricsPort: (http1.address() as AddressInfo).port,
    registry,
    async close() {
      http1.closeAllConnections();
      await Promise.all([new Promise<void>((resolve) => http1.close(() => resolve())), server.close()]);
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const example = await startMetricsExample(
    process.env.ADDRESS ?? "127.0.0.1:50051",
    process.env.METRICS_HOST ?? "127.0.0.1",
    Number(process.env.METRICS_PORT ?? 9464),
  );
  console.log(`Greeter on port ${example.grpcPort}, metrics on http://127.0.0.1:${example.metricsPort}/metrics`);
  const stop = () => void example.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
