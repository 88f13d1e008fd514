// Samples of docs/codegen.md: using what `h2rpc generate` writes for proto/inventory/v1/inventory.proto.
// codegen.test.ts runs them against a loopback server.
import { EventEmitter, on } from "node:events";
import { type Channel, Code, createServer, RpcError, type Server } from "h2rpc";
import {
  createInventoryClient,
  type InventoryClient,
  type InventoryServer,
  InventoryService,
} from "./gen/inventory/v1/inventory.h2rpc.js";
import type { Stock } from "./gen/inventory/v1/inventory.js";

// #region implement
/** An in-memory inventory implementing the generated InventoryServer interface. */
export function createInventory(stocks: Map<string, Stock>, changes: EventEmitter): InventoryServer {
  return {
    getStock(request) {
      const stock = stocks.get(request.sku);
      if (stock === undefined) throw new RpcError(Code.NOT_FOUND, `no item ${request.sku}`);
      return stock; // a full Stock, or any DeepPartial<Stock>: missing fields take proto3 defaults
    },
    async *watchStock(request, context) {
      const current = stocks.get(request.sku);
      if (current !== undefined) yield current;
      // then every change, until the call ends (on() stops with an AbortError when context.signal fires)
      for await (const [stock] of on(changes, request.sku, { signal: context.signal })) yield stock as Stock;
    },
  };
}
// #endregion

/** Serves an inventory holding one item on a free loopback port; `changes` emits `(sku, stock)` updates. */
export async function startInventory(): Promise<{ server: Server; port: number; changes: EventEmitter }> {
  // #region messages
  const changes = new EventEmitter();
  const stocks = new Map<string, Stock>([
    // int64 is bigint; a oneof is a { $case, value } union; every field is present (proto3 defaults)
    ["sku-1", { sku: "sku-1", quantity: 12n, location: { $case: "warehouse", value: "Berlin" } }],
  ]);
  const server = createServer().add(InventoryService, createInventory(stocks, changes));
  // #endregion
  const port = await server.listen("127.0.0.1:0");
  return { server, port, changes };
}

// #region client
/** Reads one item's stock; returns where it is. */
export async function whereIs(channel: Channel, sku: string): Promise<string> {
  const inventory: InventoryClient = createInventoryClient(channel, { timeoutMs: 2000 });
  const stock = await inventory.getStock({ sku }); // requests are DeepPartial: 64-bit fields also take numbers or strings
  switch (stock.location?.$case) {
    case "warehouse":
      return `${stock.quantity} in ${stock.location.value}`;
    case "inTransit":
      return `${stock.quantity} in transit`;
    default:
      return `${stock.quantity}, location unknown`;
  }
}
// #endregion

/** The definition's parts most code never needs, shown in the guide. */
export function describeGetStock(): string {
  // #region definition
  const method = InventoryService.methods.getStock;
  console.log(InventoryService.fullName); // inventory.v1.Inventory
  console.log(method.path); // /inventory.v1.Inventory/GetStock: the HTTP/2 :path on the wire
  console.log(method.requestStream, method.responseStream); // false false: a unary method
  // #endregion
  return method.path;
}
