import type { CatalogClient } from "../gen/microservices/catalog.h2rpc.js";
import type { Product } from "../gen/microservices/catalog.js";
import type { PricingClient } from "../gen/microservices/pricing.h2rpc.js";
import type { StorefrontServer } from "../gen/microservices/storefront.h2rpc.js";

/**
 * The storefront gateway. Its handlers call the catalog and pricing services without passing any deadline
 * or signal: a call made while a handler runs inherits that handler's remaining time and is cancelled with
 * it (h2rpc finds the running call through AsyncLocalStorage), so a client's deadline or cancellation
 * reaches every hop.
 */
export function createStorefront(catalog: CatalogClient, pricing: PricingClient): StorefrontServer {
  return {
    async getProductPage({ sku }) {
      // Both lookups run at once. The catalog decides whether the product exists: when it fails (NOT_FOUND
      // for an unknown SKU), its error is the answer and the price lookup is cancelled.
      const cancelPrice = new AbortController();
      const price = pricing.getPrice({ sku }, { signal: cancelPrice.signal });
      price.catch(() => {}); // awaited below; this only marks an early rejection as handled meanwhile
      let product: Product;
      try {
        product = await catalog.getProduct({ sku });
      } catch (error) {
        cancelPrice.abort();
        throw error; // an RpcError keeps its code: NOT_FOUND, DEADLINE_EXCEEDED, ...
      }
      return { product, price: await price };
    },

    async *browseCategory({ category }) {
      for await (const product of catalog.listProducts({ category })) {
        yield { product, price: await pricing.getPrice({ sku: product.sku }) };
      }
    },

    async *watchPrices({ skus }) {
      const names = new Map<string, string>();
      for await (const price of pricing.watchPrices({ skus })) {
        let name = names.get(price.sku);
        if (name === undefined) {
          name = (await catalog.getProduct({ sku: price.sku })).name;
          names.set(price.sku, name);
        }
        yield { name, price };
      }
    },
  };
}
