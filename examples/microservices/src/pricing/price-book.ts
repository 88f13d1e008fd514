import { EventEmitter, on } from "node:events";
import type { Price } from "../gen/microservices/pricing.js";

/** Current prices by SKU, and a feed of their changes. */
export class PriceBook {
  readonly #prices = new Map<string, Price>();
  readonly #events = new EventEmitter().setMaxListeners(0); // one listener per open WatchPrices call

  /** A book with these prices (cents by SKU), each at revision 1. */
  constructor(
    cents: Readonly<Record<string, number>>,
    readonly currency = "EUR",
  ) {
    for (const [sku, amount] of Object.entries(cents))
      this.#prices.set(sku, { sku, cents: amount, currency, revision: 1 });
  }

  /** Every SKU with a price, in SKU order. */
  skus(): string[] {
    return [...this.#prices.keys()].sort();
  }

  /** The current price of `sku`, or undefined when it has none. */
  get(sku: string): Price | undefined {
    return this.#prices.get(sku);
  }

  /** Changes the price of a SKU that has one (next revision) and tells the watchers. */
  set(sku: string, cents: number): Price {
    const old = this.#prices.get(sku);
    if (old === undefined) throw new RangeError(`no price for SKU "${sku}"`);
    const price: Price = { ...old, cents, revision: old.revision + 1 };
    this.#prices.set(sku, price);
    this.#events.emit("change", price);
    return price;
  }

  /**
   * Every change from now on, until `signal` aborts (the iteration then throws its AbortError).
   * Subscribes at once, so a snapshot read after this call misses nothing.
   */
  changes(signal: AbortSignal): AsyncIterable<Price> {
    const events = on(this.#events, "change", { signal });
    return (async function* () {
      for await (const [price] of events) yield price as Price;
    })();
  }
}
