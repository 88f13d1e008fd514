import * as http from "node:http";
import type { AddressInfo } from "node:net";
import type { Registry } from "prom-client";

/** An HTTP server answering `GET /metrics` from one registry. */
export interface MetricsEndpoint {
  /** The port it listens on. */
  readonly port: number;
  /** Stops it, closing open connections. */
  close(): Promise<void>;
}

/**
 * Serves `registry` in the Prometheus text format on `GET http://host:port/metrics` (port 0 picks a
 * free one); anything else is 404.
 */
export async function serveMetrics(registry: Registry, host: string, port: number): Promise<MetricsEndpoint> {
  const server = http.createServer((request, response) => {
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
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
