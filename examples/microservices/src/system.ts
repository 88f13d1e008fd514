import { startCatalog } from "./catalog/start-catalog.js";
import { startGateway } from "./gateway/start-gateway.js";
import type { AbortedCall } from "./platform/aborted-calls.js";
import type { ServiceHost } from "./platform/service-host.js";
import { startPricing } from "./pricing/start-pricing.js";

/** The example's three services. */
export type ServiceName = "catalog" | "pricing" | "gateway";

/** Options of {@link startSystem}. */
export interface SystemOptions {
  /** How often the market moves prices, in ms. Default 200. */
  readonly tickMs?: number;
  /** How long an auction lot's quote takes, in ms. Default 1500. */
  readonly auctionQuoteMs?: number;
  /** Called for each call a service's handler saw end early (cancelled, or past its deadline). */
  readonly onAbortedCall?: (service: ServiceName, call: AbortedCall) => void;
}

/** The three services running in this process, each on its own free ports. */
export interface System {
  /** The catalog service. */
  readonly catalog: ServiceHost;
  /** The pricing service. */
  readonly pricing: ServiceHost;
  /** The storefront gateway, calling the other two. */
  readonly gateway: ServiceHost;
  /** Shuts the gateway down, then the services it calls. */
  close(): Promise<void>;
}

/**
 * Starts catalog, pricing and the gateway in this process (what the tests use; `npm start` runs each in
 * its own process instead, see `start.ts`).
 */
export async function startSystem(options: SystemOptions = {}): Promise<System> {
  const report = (service: ServiceName) => (call: AbortedCall) => options.onAbortedCall?.(service, call);
  const [catalog, pricing] = await Promise.all([
    startCatalog({ onAbortedCall: report("catalog") }),
    startPricing({ onAbortedCall: report("pricing"), tickMs: options.tickMs, auctionQuoteMs: options.auctionQuoteMs }),
  ]);
  const gateway = await startGateway({
    catalogTarget: catalog.target,
    pricingTarget: pricing.target,
    onAbortedCall: report("gateway"),
  }).catch(async (error: unknown) => {
    await Promise.all([catalog.close(), pricing.close()]);
    throw error;
  });
  return {
    catalog,
    pricing,
    gateway,
    async close() {
      await gateway.close();
      await Promise.all([catalog.close(), pricing.close()]);
    },
  };
}
