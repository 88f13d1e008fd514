import { Code, createChannel, RpcError } from "h2rpc";
import { afterAll, beforeAll, expect, test } from "vitest";
import { storefrontTour } from "./demo/storefront-tour.js";
import { createStorefrontClient, type StorefrontClient } from "./gen/microservices/storefront.h2rpc.js";
import { type System, startSystem } from "./system.js";

let system: System;
let client: StorefrontClient;
let closeChannel: () => void;
beforeAll(async () => {
  system = await startSystem({ tickMs: 50, auctionQuoteMs: 400 });
  const channel = createChannel(system.gateway.target);
  client = createStorefrontClient(channel);
  closeChannel = () => channel.close();
});
afterAll(async () => {
  closeChannel();
  await system.close();
});

test("GetProductPage combines the catalog's product and pricing's price", async () => {
  const page = await client.getProductPage({ sku: "TEA-002" }, { timeoutMs: 2000 });
  expect(page.product).toEqual({
    sku: "TEA-002",
    name: "Darjeeling First Flush",
    category: "tea",
    description: "Spring-picked black tea, light and floral.",
  });
  expect(page.price).toMatchObject({ sku: "TEA-002", currency: "EUR" });
  expect(page.price!.cents).toBeGreaterThan(0);
  expect(page.price!.revision).toBeGreaterThanOrEqual(1);
});

test("a downstream NOT_FOUND reaches the client with its code", async () => {
  const error = await client.getProductPage({ sku: "NOPE-404" }, { timeoutMs: 2000 }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(RpcError);
  expect((error as RpcError).code).toBe(Code.NOT_FOUND);
});

test("BrowseCategory relays the catalog's stream, priced product by product", async () => {
  const pages = [];
  for await (const page of client.browseCategory({ category: "tea" }, { timeoutMs: 2000 })) pages.push(page);
  expect(pages.map((p) => [p.product?.sku, p.price?.sku])).toEqual([
    ["TEA-001", "TEA-001"],
    ["TEA-002", "TEA-002"],
    ["TEA-003", "TEA-003"],
  ]);
});

test("WatchPrices relays pricing's feed with the catalog's names, revisions going up", async () => {
  const ticks = [];
  for await (const tick of client.watchPrices({ skus: ["WARE-001"] }, { timeoutMs: 5000 })) {
    ticks.push(tick);
    if (ticks.length === 3) break;
  }
  expect(ticks.map((t) => t.name)).toEqual(["Kyusu teapot", "Kyusu teapot", "Kyusu teapot"]);
  const revisions = ticks.map((t) => t.price!.revision);
  expect(revisions[1]).toBeGreaterThan(revisions[0]!);
  expect(revisions[2]).toBeGreaterThan(revisions[1]!);
});

test("the demo tour runs against the in-process system", async () => {
  const lines: string[] = [];
  await storefrontTour(client, (line) => lines.push(line), { watchUpdates: 4, shortDeadlineMs: 100 });
  expect(lines[0]).toMatch(/^GetProductPage TEA-001: Sencha Fukamushi \(tea\) at \d+\.\d\d EUR$/);
  expect(lines[1]).toBe('GetProductPage NOPE-404: NOT_FOUND: no product with SKU "NOPE-404"');
  expect(lines.slice(2, 5)).toEqual([
    "BrowseCategory teaware:",
    expect.stringMatching(/^ {2}WARE-001 Kyusu teapot: \d+\.\d\d EUR$/),
    expect.stringMatching(/^ {2}WARE-002 Tea bowl: \d+\.\d\d EUR$/),
  ]);
  expect(lines[5]).toBe("WatchPrices TEA-001 TEA-002 (the client cancels after 4 updates):");
  expect(lines.slice(6, 10)).toHaveLength(4);
  expect(lines[10]).toMatch(/^GetProductPage AUC-001 with a 100 ms deadline: DEADLINE_EXCEEDED /);
  expect(lines[11]).toMatch(
    /^GetProductPage AUC-001 with a 5000 ms deadline: Da Hong Pao, 1998 harvest at 980\.00 EUR /,
  );
  expect(lines).toHaveLength(12);
});
