import type { EventEmitter } from "node:events";
import { createChannel, type Server } from "h2rpc";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { describeGetStock, startInventory, whereIs } from "./codegen.js";
import { createInventoryClient } from "./gen/inventory/v1/inventory.h2rpc.js";

let server: Server;
let port: number;
let changes: EventEmitter;
beforeAll(async () => {
  ({ server, port, changes } = await startInventory());
});
afterAll(() => server.close());

test("the generated client reads int64 and oneof fields", async () => {
  const channel = createChannel(`127.0.0.1:${port}`);
  expect(await whereIs(channel, "sku-1")).toBe("12 in Berlin");
  await expect(whereIs(channel, "sku-2")).rejects.toMatchObject({ codeName: "NOT_FOUND" });
  channel.close();
});

test("the definition holds the wire path", () => {
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  try {
    expect(describeGetStock()).toBe("/inventory.v1.Inventory/GetStock");
    expect(log.mock.calls).toEqual([["inventory.v1.Inventory"], ["/inventory.v1.Inventory/GetStock"], [false, false]]);
  } finally {
    log.mockRestore();
  }
});

test("WatchStock sends the current stock, then each change", async () => {
  const channel = createChannel(`127.0.0.1:${port}`);
  const seen: bigint[] = [];
  for await (const stock of createInventoryClient(channel).watchStock({ sku: "sku-1" })) {
    seen.push(stock.quantity);
    if (seen.length === 1) changes.emit("sku-1", { sku: "sku-1", quantity: 11n, location: undefined });
    else break;
  }
  channel.close();
  expect(seen).toEqual([12n, 11n]);
});
