import { createHealth, type Health } from "@h2rpc/health";
import { createServerMetrics } from "@h2rpc/prometheus";
import { createReflection } from "@h2rpc/reflection";
import { createServer } from "h2rpc";
import { collectDefaultMetrics, Registry } from "prom-client";
import { type AbortedCallListener, reportAbortedCalls } from "./aborted-calls.js";
import type { HostedService } from "./hosted-service.js";
import { serveMetrics } from "./metrics-endpoint.js";

/** What every service of the example runs with: where to listen, and hooks. */
export interface ServiceHostOptions {
  /** gRPC address. Default `127.0.0.1:0` (a free port). */
  readonly address?: string;
  /** Host of the `/metrics` endpoint. Default `127.0.0.1`. */
  readonly metricsHost?: string;
  /** Port of the `/metrics` endpoint. Default 0 (a free port). */
  readonly metricsPort?: number;
  /**
   * Called for each call of the hosted services (not health or reflection) whose handler's signal fired:
   * cancelled by the client, or past its deadline.
   */
  readonly onAbortedCall?: AbortedCallListener;
  /** How long shutdown lets admitted calls finish before cancelling them. Default 2000 ms. */
  readonly graceMs?: number;
}

/** What a service's `start` function hands to {@link startServiceHost}. */
export interface ServiceHostSpec extends ServiceHostOptions {
  /** The services to serve. */
  readonly services: readonly HostedService[];
  /** Their `fileDescriptors` (from the generated `*.h2rpc.ts`), for server reflection. */
  readonly descriptors: readonly string[];
  /** Registry for the gRPC and process metrics. Default: a new one. */
  readonly registry?: Registry;
  /** Runs after the server has shut down: close channels, stop timers. */
  readonly onClose?: () => void | Promise<void>;
}

/** One running service process' worth of servers: gRPC (with health and reflection) and `/metrics`. */
export interface ServiceHost {
  /** The gRPC port. */
  readonly port: number;
  /** `127.0.0.1:<port>`, for clients on this machine. */
  readonly target: string;
  /** The port serving `GET /metrics`. */
  readonly metricsPort: number;
  /** The metrics registry (grpc_server_*, and grpc_client_* for a service that calls others). */
  readonly registry: Registry;
  /** The health service: every hosted service and `""` are SERVING once listening. */
  readonly health: Health;
  /** Graceful shutdown: health turns NOT_SERVING, calls get `graceMs` to finish, then everything closes. */
  close(): Promise<void>;
}

/**
 * Starts a gRPC server with `spec.services` plus `grpc.health.v1.Health` and server reflection, server
 * metrics (`@h2rpc/prometheus`) as the outermost interceptor, and an HTTP `/metrics` endpoint.
 */
export async function startServiceHost(spec: ServiceHostSpec): Promise<ServiceHost> {
  const registry = spec.registry ?? new Registry();
  collectDefaultMetrics({ register: registry });
  const metrics = createServerMetrics({ registry });
  metrics.initialize(...spec.services.map((s) => s.definition));
  const interceptors = [metrics.interceptor];
  if (spec.onAbortedCall) {
    const served = spec.services.map((s) => s.definition.fullName);
    interceptors.push(reportAbortedCalls(spec.onAbortedCall, served));
  }

  const server = createServer({ interceptors });
  for (const service of spec.services) service.addTo(server);
  // Not SERVING until the port is open; attach() turns everything NOT_SERVING when shutdown starts.
  const health = createHealth({ statuses: { "": "NOT_SERVING" } });
  health.attach(server);
  createReflection({ descriptors: spec.descriptors }).addTo(server);

  const port = await server.listen(spec.address ?? "127.0.0.1:0");
  const endpoint = await serveMetrics(registry, spec.metricsHost ?? "127.0.0.1", spec.metricsPort ?? 0).catch(
    async (error: unknown) => {
      await server.forceShutdown(); // e.g. the metrics port is taken: leave nothing listening
      throw error;
    },
  );
  for (const name of ["", ...spec.services.map((s) => s.definition.fullName)]) health.setStatus(name, "SERVING");

  let closing: Promise<void> | undefined;
  return {
    port,
    target: `127.0.0.1:${port}`,
    metricsPort: endpoint.port,
    registry,
    health,
    close() {
      closing ??= (async () => {
        await server.shutdown({ graceMs: spec.graceMs ?? 2000 });
        await spec.onClose?.();
        await endpoint.close();
      })();
      return closing;
    },
  };
}
