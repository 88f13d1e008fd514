import { createClientMetrics } from "@h2rpc/prometheus";
import { Registry } from "prom-client";
import { fileDescriptors, StorefrontService } from "../gen/microservices/storefront.h2rpc.js";
import { hosted } from "../platform/hosted-service.js";
import { type ServiceHost, type ServiceHostOptions, startServiceHost } from "../platform/service-host.js";
import { connectDownstream } from "./downstream.js";
import { createStorefront } from "./storefront-service.js";

/** Options of {@link startGateway}: where the services it calls are. */
export interface GatewayHostOptions extends ServiceHostOptions {
  /** The catalog service, e.g. `127.0.0.1:50051`. */
  readonly catalogTarget: string;
  /** The pricing service. */
  readonly pricingTarget: string;
}

/**
 * Starts the storefront gateway (with health, reflection and `/metrics`, where its calls to the catalog
 * and pricing show up as `grpc_client_*` next to its own `grpc_server_*`).
 */
export function startGateway(options: GatewayHostOptions): Promise<ServiceHost> {
  const registry = new Registry();
  const clientMetrics = createClientMetrics({ registry });
  const downstream = connectDownstream(options.catalogTarget, options.pricingTarget, [clientMetrics.interceptor]);
  return startServiceHost({
    ...options,
    registry,
    services: [hosted(StorefrontService, createStorefront(downstream.catalog, downstream.pricing))],
    descriptors: fileDescriptors,
    onClose: () => downstream.close(),
  }).catch((error: unknown) => {
    downstream.close();
    throw error;
  });
}
