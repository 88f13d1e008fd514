import { Code, createChannel, RpcError } from "h2rpc";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { handledCounts, scrapeMetrics } from "./demo/metrics-summary.js";
import { createStorefrontClient, type StorefrontClient } from "./gen/microservices/storefront.h2rpc.js";
import type { PriceTick } from "./gen/microservices/storefront.js";
import type { AbortedCall } from "./platform/aborted-calls.js";
import { type ServiceName, type System, startSystem } from "./system.js";

// Every call whose handler saw its signal fire, in any of the three services, and when it was reported.
const aborted: { service: ServiceName; call: AbortedCall; reportedAt: number }[] = [];
const storefront = "h2rpc.examples.shop.v1.Storefront";
const reportOf = (service: ServiceName, method: string) =>
  aborted.find((a) => a.service === service && a.call.method === method);
const abortedIn = (service: ServiceName, method: string) => reportOf(service, method)?.call;
/** Waits (up to 1 s) for `service` to report an aborted `method` call. */
const abortReported = (service: ServiceName, method: string) =>
  vi.waitFor(() => {
    const call = abortedIn(service, method);
    if (call === undefined) throw new Error(`no aborted ${method} call reported by ${service}`);
    return call;
  });

let system: System;
let client: StorefrontClient;
let closeChannel: () => void;
beforeAll(async () => {
  // An auction quote takes 10 s: far longer than any deadline below.
  system = await startSystem({
    tickMs: 50,
    auctionQuoteMs: 10_000,
    onAbortedCall: (service, call) => aborted.push({ service, call, reportedAt: Date.now() }),
  });
  const channel = createChannel(system.gateway.target);
  client = createStorefrontClient(channel);
  closeChannel = () => channel.close();
});
afterAll(async () => {
  closeChannel();
  await system.close();
});

test("the client's deadline reaches pricing through the gateway: the slow quote is abandoned on time", async () => {
  const deadline = Date.now() + 300;
  const started = performance.now();
  const error = await client.getProductPage({ sku: "AUC-001" }, { deadline }).catch((e: unknown) => e);
  const tookMs = performance.now() - started;

  expect(error).toBeInstanceOf(RpcError);
  expect((error as RpcError).code).toBe(Code.DEADLINE_EXCEEDED);
  expect(tookMs).toBeGreaterThanOrEqual(280);
  expect(tookMs).toBeLessThan(3000); // the client's deadline, not the 10 s quote (margin for a loaded machine)

  // Two hops away, GetPrice got the client's deadline without anyone passing it, and its signal fired then.
  const getPrice = await abortReported("pricing", "GetPrice");
  expect(getPrice.deadline).toBeDefined();
  // The client's deadline, moved later only by the time the request took to get there: measured from when
  // GetPrice started, pricing got no more than the client's 300 ms (the gateway's own timeout for
  // GetPrice, 3 s, would give far more). Not compared with the client's deadline directly: the two hops'
  // transit time, long on a loaded machine, would count.
  expect(getPrice.deadline).toBeGreaterThanOrEqual(deadline - 5);
  const getPriceStartedAt = reportOf("pricing", "GetPrice")!.reportedAt - getPrice.afterMs;
  expect(getPrice.deadline! - getPriceStartedAt).toBeLessThanOrEqual(300 + 5);
  // DEADLINE_EXCEEDED when pricing's own timer fired first, CANCELLED when the gateway's call gave up first
  // (its deadline is the same instant) and reset the stream.
  expect([Code.DEADLINE_EXCEEDED, Code.CANCELLED]).toContain(getPrice.code);
  expect(getPrice.afterMs).toBeLessThan(2000); // its deadline, not the gateway's 3 s (margin for a loaded machine)
  // The gateway ended the call with DEADLINE_EXCEEDED too: its handler's signal fired, or its call to
  // pricing failed first (the same instant) and the handler passed that error on.
  await vi.waitFor(async () => {
    const counts = handledCounts(await scrapeMetrics(system.gateway.metricsPort), [storefront]);
    expect(counts).toContainEqual({
      service: "Storefront",
      method: "GetProductPage",
      code: "DeadlineExceeded",
      count: 1,
    });
  });
});

test("cancelling the client's stream cancels the gateway's handler and pricing's WatchPrices handler", async () => {
  const controller = new AbortController();
  const ticks: PriceTick[] = [];
  const error = await (async () => {
    for await (const tick of client.watchPrices({ skus: ["TEA-003"] }, { signal: controller.signal })) {
      ticks.push(tick);
      if (ticks.length === 3) controller.abort();
    }
  })().catch((e: unknown) => e);
  expect(ticks).toHaveLength(3);
  expect((error as RpcError).code).toBe(Code.CANCELLED);

  const watch = await abortReported("pricing", "WatchPrices");
  expect(watch.code).toBe(Code.CANCELLED);
  expect(watch.deadline).toBeUndefined(); // the client set none, so none was made up on the way
  expect(abortedIn("gateway", "WatchPrices")?.code).toBe(Code.CANCELLED);

  const pricingMetrics = await scrapeMetrics(system.pricing.metricsPort);
  expect(handledCounts(pricingMetrics, ["h2rpc.examples.shop.v1.Pricing"])).toContainEqual({
    service: "Pricing",
    method: "WatchPrices",
    code: "Canceled",
    count: 1,
  });
});
