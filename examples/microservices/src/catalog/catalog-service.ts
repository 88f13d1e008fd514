import { Code, RpcError } from "h2rpc";
import type { CatalogServer } from "../gen/microservices/catalog.h2rpc.js";
import type { Product } from "../gen/microservices/catalog.js";

/** The catalog over a fixed product list (in SKU order): lookups by SKU and listings by category. */
export function createCatalog(products: readonly Product[]): CatalogServer {
  const bySku = new Map(products.map((p) => [p.sku, p]));
  return {
    getProduct(request) {
      const product = bySku.get(request.sku);
      if (product === undefined) throw new RpcError(Code.NOT_FOUND, `no product with SKU "${request.sku}"`);
      return product;
    },

    async *listProducts(request, context) {
      for (const product of products) {
        if (context.signal.aborted) return;
        if (request.category === "" || product.category === request.category) yield product;
      }
    },
  };
}
