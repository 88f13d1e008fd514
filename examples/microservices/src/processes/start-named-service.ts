import { startCatalog } from "../catalog/start-catalog.js";
import { startGateway } from "../gateway/start-gateway.js";
import type { AbortedCallListener } from "../platform/aborted-calls.js";
import type { ServiceHost, ServiceHostOptions } from "../platform/service-host.js";
import { startPricing } from "../pricing/start-pricing.js";

/**
 * Starts the service called `name` (`catalog`, `pricing` or `gateway`) configured from environment
 * variables: `ADDRESS` (default `127.0.0.1:0`), `METRICS_PORT` (default 0); for pricing `PRICE_TICK_MS`
 * and `AUCTION_QUOTE_MS`; for the gateway `CATALOG_TARGET` and `PRICING_TARGET` (required).
 */
export function startNamedService(
  name: string,
  env: NodeJS.ProcessEnv,
  onAbortedCall: AbortedCallListener,
): Promise<ServiceHost> {
  const common: ServiceHostOptions = {
    address: env.ADDRESS ?? "127.0.0.1:0",
    metricsHost: env.METRICS_HOST ?? "127.0.0.1",
    metricsPort: numberFrom(env, "METRICS_PORT") ?? 0,
    onAbortedCall,
  };
  switch (name) {
    case "catalog":
      return startCatalog(common);
    case "pricing":
      return startPricing({
        ...common,
        tickMs: numberFrom(env, "PRICE_TICK_MS"),
        auctionQuoteMs: numberFrom(env, "AUCTION_QUOTE_MS"),
      });
    case "gateway": {
      const { CATALOG_TARGET: catalogTarget, PRICING_TARGET: pricingTarget } = env;
      if (!catalogTarget || !pricingTarget) {
        throw new Error("the gateway needs CATALOG_TARGET and PRICING_TARGET (host:port of each service)");
      }
      return startGateway({ ...common, catalogTarget, pricingTarget });
    }
    default:
      throw new Error(`unknown service "${name}": expected catalog, pricing or gateway`);
  }
}

function numberFrom(env: NodeJS.ProcessEnv, key: string): number | undefined {
  const text = env[key];
  if (text === undefined || text === "") return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${key} must be a non-negative integer, got "${text}"`);
  return value;
}
