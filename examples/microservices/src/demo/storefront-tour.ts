import type { StorefrontClient } from "../gen/microservices/storefront.h2rpc.js";
import { formatError, formatPrice } from "./format.js";

/** Options of {@link storefrontTour}. */
export interface TourOptions {
  /** Price updates to read before cancelling the WatchPrices stream. Default 6. */
  readonly watchUpdates?: number;
  /** The deadline of the call that is too short for an auction quote, in ms. Default 300. */
  readonly shortDeadlineMs?: number;
}

/**
 * A scripted walk through the storefront gateway, printing what happens: a product page (two services
 * called concurrently), a NOT_FOUND, a category listing (a relayed stream), a live price feed the client
 * cancels (the cancellation reaches the pricing service), and an auction lot whose quote is too slow for
 * a 300 ms deadline (the pricing service gives up when the deadline passes) but fits in 5 s.
 */
export async function storefrontTour(
  client: StorefrontClient,
  print: (line: string) => void,
  options: TourOptions = {},
): Promise<void> {
  const page = await client.getProductPage({ sku: "TEA-001" }, { timeoutMs: 2000 });
  print(`GetProductPage TEA-001: ${page.product?.name} (${page.product?.category}) at ${formatPrice(page.price)}`);

  const missing = await client.getProductPage({ sku: "NOPE-404" }, { timeoutMs: 2000 }).catch(formatError);
  print(`GetProductPage NOPE-404: ${typeof missing === "string" ? missing : "found?!"}`);

  print("BrowseCategory teaware:");
  for await (const { product, price } of client.browseCategory({ category: "teaware" }, { timeoutMs: 2000 })) {
    print(`  ${product?.sku} ${product?.name}: ${formatPrice(price)}`);
  }

  const updates = options.watchUpdates ?? 6;
  print(`WatchPrices TEA-001 TEA-002 (the client cancels after ${updates} updates):`);
  let seen = 0;
  for await (const { name, price } of client.watchPrices({ skus: ["TEA-001", "TEA-002"] }, { timeoutMs: 10_000 })) {
    print(`  ${name}: ${formatPrice(price)} (revision ${price?.revision})`);
    if (++seen === updates) break; // leaving the loop cancels the call, and the gateway's call to pricing
  }

  const shortMs = options.shortDeadlineMs ?? 300;
  for (const timeoutMs of [shortMs, 5000]) {
    const started = performance.now();
    const outcome = await client.getProductPage({ sku: "AUC-001" }, { timeoutMs }).then(
      (lot) => `${lot.product?.name} at ${formatPrice(lot.price)}`,
      (error: unknown) => formatError(error).split(":")[0],
    );
    const tookMs = Math.round(performance.now() - started);
    print(`GetProductPage AUC-001 with a ${timeoutMs} ms deadline: ${outcome} (after ~${roundTo100(tookMs)} ms)`);
  }
}

/** Rounds to the nearest 100 ms so that the output reads the same from run to run. */
function roundTo100(ms: number): number {
  return Math.round(ms / 100) * 100;
}
