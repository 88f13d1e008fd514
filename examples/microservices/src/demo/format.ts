import { codeName, RpcError } from "h2rpc";
import type { Price } from "../gen/microservices/pricing.js";

/** `12.50 EUR`. */
export function formatPrice(price: Price | undefined): string {
  return price === undefined ? "(no price)" : `${(price.cents / 100).toFixed(2)} ${price.currency}`;
}

/** `NOT_FOUND: no product with SKU "X"` for an RpcError, the message otherwise. */
export function formatError(error: unknown): string {
  if (error instanceof RpcError) return `${codeName(error.code)}: ${error.rawMessage}`;
  return error instanceof Error ? error.message : String(error);
}
