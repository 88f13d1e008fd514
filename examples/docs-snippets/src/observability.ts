// Samples of docs/observability.md. observability.test.ts runs them against a loopback server.
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import { otelClientInterceptor, otelServerInterceptor } from "@h2rpc/otel";
import { createClientMetrics, createServerMetrics } from "@h2rpc/prometheus";
import { type Channel, createChannel, createServer, type Server } from "h2rpc";
import type { Registry } from "prom-client";
import { greeter } from "./calls.js";
import { GreeterService } from "./gen/helloworld/greeter.h2rpc.js";

/** A greeter and a channel to it, traced with OpenTelemetry (no-ops until an SDK is registered). */
export async function tracedGreeter(): Promise<{ server: Server; channel: Channel }> {
  // #region otel
  // server: first in the list, so the span covers the other interceptors and sees the final status
  const server = createServer({ interceptors: [otelServerInterceptor()] }).add(GreeterService, greeter);
  const port = await server.listen("127.0.0.1:0");

  // client: interceptors do not see the channel, so pass the target for grpc.target / server.address
  const target = `127.0.0.1:${port}`;
  const channel = createChannel(target, { interceptors: [otelClientInterceptor({ target })] });
  // #endregion
  return { server, channel };
}

/** A greeter counted with Prometheus metrics in `registry`, and a channel to it, counted too. */
export async function measuredGreeter(registry: Registry): Promise<{ server: Server; channel: Channel }> {
  // #region prometheus
  const serverMetrics = createServerMetrics({ registry }); // default: prom-client's global register
  serverMetrics.initialize(GreeterService); // every series at 0 before the first call
  const server = createServer({ interceptors: [serverMetrics.interceptor] }).add(GreeterService, greeter);
  const port = await server.listen("127.0.0.1:0");

  const clientMetrics = createClientMetrics({ registry });
  const channel = createChannel(`127.0.0.1:${port}`, { interceptors: [clientMetrics.interceptor] });
  // #endregion
  return { server, channel };
}

/** Serves `registry` on GET /metrics at `host`:`port`; resolves once listening, with the bound port. */
export async function serveMetrics(
  registry: Registry,
  host: string,
  port: number,
): Promise<{ http: HttpServer; port: number }> {
  // #region metrics-endpoint
  const http = createHttpServer(async (req, res) => {
    if (req.url !== "/metrics") return void res.writeHead(404).end();
    res.setHeader("content-type", registry.contentType);
    res.end(await registry.metrics());
  });
  http.listen(port, host); // e.g. 9464 and "0.0.0.0", where Prometheus scrapes
  // #endregion
  await new Promise((resolve) => http.once("listening", resolve));
  return { http, port: (http.address() as { port: number }).port };
}

/** Logs every connectivity change of `channel`; returns the function that stops it. */
export function logConnectivity(channel: Channel): () => void {
  // #region connectivity
  const stop = channel.onStateChange((state) => console.log(`channel to ${channel.target}: ${state}`));
  // #endregion
  return stop;
}

/** Prints a few connection counters of a server and of a channel. */
export function printStats(server: Server, channel: Channel): void {
  // #region stats
  const s = server.stats(); // a snapshot of plain numbers
  console.log(`server: ${s.sessionsOpen} connections, ${s.streamsActive} calls open, ${s.streamsTotal} in all`);
  const c = channel.stats();
  console.log(
    `channel: ${c.sessionsOpen} sessions, ${c.callsWaiting} calls waiting, ${c.connectFailures} failed connects`,
  );
  // #endregion
}
