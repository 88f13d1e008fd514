import { type ClientInterceptor, Code, createChannel, type ServiceConfig } from "h2rpc";
import { type CatalogClient, CatalogService, createCatalogClient } from "../gen/microservices/catalog.h2rpc.js";
import { createPricingClient, type PricingClient, PricingService } from "../gen/microservices/pricing.h2rpc.js";

/** The gateway's clients of the services it calls. */
export interface Downstream {
  /** Client of the catalog service. */
  readonly catalog: CatalogClient;
  /** Client of the pricing service. */
  readonly pricing: PricingClient;
  /** Closes both channels. */
  close(): void;
}

/**
 * Per-method limits for the gateway's own calls: lookups get at most a few seconds even when the caller
 * allowed more (the caller's deadline wins when it is earlier), and are retried while a service is
 * UNAVAILABLE (restarting). Streams have no timeout: they last as long as the caller wants.
 */
const serviceConfig: ServiceConfig = {
  methodConfig: [
    {
      name: [{ service: CatalogService.fullName, method: CatalogService.methods.getProduct.name }],
      timeoutMs: 1000,
      retryPolicy: {
        maxAttempts: 3,
        initialBackoffMs: 50,
        maxBackoffMs: 500,
        backoffMultiplier: 2,
        retryableStatusCodes: [Code.UNAVAILABLE],
      },
    },
    {
      name: [{ service: PricingService.fullName, method: PricingService.methods.getPrice.name }],
      timeoutMs: 3000,
      retryPolicy: {
        maxAttempts: 3,
        initialBackoffMs: 50,
        maxBackoffMs: 500,
        backoffMultiplier: 2,
        retryableStatusCodes: [Code.UNAVAILABLE],
      },
    },
  ],
};

/** Opens channels to the catalog and pricing services, with `interceptors` (client metrics) on both. */
export function connectDownstream(
  catalogTarget: string,
  pricingTarget: string,
  interceptors: readonly ClientInterceptor[],
): Downstream {
  const catalogChannel = createChannel(catalogTarget, { interceptors, serviceConfig });
  const pricingChannel = createChannel(pricingTarget, { interceptors, serviceConfig });
  return {
    catalog: createCatalogClient(catalogChannel),
    pricing: createPricingClient(pricingChannel),
    close() {
      catalogChannel.close();
      pricingChannel.close();
    },
  };
}
