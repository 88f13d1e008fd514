import { fileDescriptors, PricingService } from "../gen/microservices/pricing.h2rpc.js";
import { hosted } from "../platform/hosted-service.js";
import { type ServiceHost, type ServiceHostOptions, startServiceHost } from "../platform/service-host.js";
import { startMarket } from "./market.js";
import { PriceBook } from "./price-book.js";
import { auctionLots, listPrices } from "./prices.js";
import { createPricing } from "./pricing-service.js";

/** Options of {@link startPricing}. */
export interface PricingHostOptions extends ServiceHostOptions {
  /** How often the market moves every price, in ms. Default 200. */
  readonly tickMs?: number;
  /** How long an auction lot's quote takes, in ms. Default 1500. */
  readonly auctionQuoteMs?: number;
}

/** Starts the pricing service (with health, reflection and `/metrics`) and its market simulation. */
export function startPricing(options: PricingHostOptions = {}): Promise<ServiceHost> {
  const book = new PriceBook(listPrices);
  const stopMarket = startMarket(book, options.tickMs ?? 200);
  const pricing = createPricing(book, { auctionLots, auctionQuoteMs: options.auctionQuoteMs });
  return startServiceHost({
    ...options,
    services: [hosted(PricingService, pricing)],
    descriptors: fileDescriptors,
    onClose: stopMarket,
  }).catch((error: unknown) => {
    stopMarket();
    throw error;
  });
}
