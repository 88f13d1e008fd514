import { setTimeout as sleep } from "node:timers/promises";
import { Code, RpcError } from "h2rpc";
import type { PricingServer } from "../gen/microservices/pricing.h2rpc.js";
import type { PriceBook } from "./price-book.js";

/** How the pricing service behaves. */
export interface PricingOptions {
  /** Auction lots (hammer price in cents by SKU): priced by a slow quote, not from the book. */
  readonly auctionLots?: ReadonlyMap<string, number>;
  /** How long an auction house quote takes, in ms. Default 1500: more than callers usually allow. */
  readonly auctionQuoteMs?: number;
}

/**
 * Pricing: prices from `book`, auction lots by a slow quote that gives up as soon as the call's signal
 * fires (its deadline passed, or the caller went away), and a live feed of the book's changes.
 */
export function createPricing(book: PriceBook, options: PricingOptions = {}): PricingServer {
  const auctionLots = options.auctionLots ?? new Map<string, number>();
  const auctionQuoteMs = options.auctionQuoteMs ?? 1500;
  return {
    async getPrice(request, context) {
      const hammer = auctionLots.get(request.sku);
      if (hammer !== undefined) {
        // The quote is abandoned (an AbortError) when the deadline the gateway passed on expires.
        await sleep(auctionQuoteMs, undefined, { signal: context.signal });
        return { sku: request.sku, cents: hammer, currency: book.currency, revision: 1 };
      }
      const price = book.get(request.sku);
      if (price === undefined) throw new RpcError(Code.NOT_FOUND, `no price for SKU "${request.sku}"`);
      return price;
    },

    async *watchPrices(request, context) {
      const skus = request.skus.length === 0 ? book.skus() : request.skus;
      const unknown = skus.filter((sku) => book.get(sku) === undefined);
      if (unknown.length > 0) throw new RpcError(Code.NOT_FOUND, `no live price for ${unknown.join(", ")}`);
      const changes = book.changes(context.signal); // ends (throws) when the call is cancelled
      const sent = new Map<string, number>(); // revision sent per SKU: a change seen twice goes once
      for (const sku of skus) {
        const price = book.get(sku)!;
        sent.set(sku, price.revision);
        yield price;
      }
      for await (const price of changes) {
        const last = sent.get(price.sku);
        if (last === undefined || price.revision <= last) continue;
        sent.set(price.sku, price.revision);
        yield price;
      }
    },
  };
}
