import { createHealthClient, HealthCheckResponse_ServingStatus } from "@h2rpc/health";
import { createReflectionClient } from "@h2rpc/reflection";
import { type Channel, createChannel } from "h2rpc";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { scrapeMetrics } from "./demo/metrics-summary.js";
import { watchHealth } from "./demo/watch-health.js";
import { createStorefrontClient } from "./gen/microservices/storefront.h2rpc.js";
import type { ServiceHost } from "./platform/service-host.js";
import { type System, startSystem } from "./system.js";

const shop = "h2rpc.examples.shop.v1";
const names = { catalog: `${shop}.Catalog`, pricing: `${shop}.Pricing`, gateway: `${shop}.Storefront` } as const;
const hosts = (system: System) =>
  [
    ["catalog", system.catalog],
    ["pricing", system.pricing],
    ["gateway", system.gateway],
  ] as const;

describe("a running system", () => {
  let system: System;
  const channels: Channel[] = [];
  const channelTo = (host: ServiceHost) => {
    const channel = createChannel(host.target);
    channels.push(channel);
    return channel;
  };
  beforeAll(async () => {
    system = await startSystem({ tickMs: 50, auctionQuoteMs: 200 });
  });
  afterAll(async () => {
    for (const channel of channels) channel.close();
    await system.close();
  });

  test("each service answers health checks: SERVING, for the server and for its service", async () => {
    for (const [key, host] of hosts(system)) {
      const health = createHealthClient(channelTo(host));
      for (const service of ["", names[key]]) {
        const { status } = await health.check({ service }, { timeoutMs: 1000 });
        expect(status, `${key} "${service}"`).toBe(HealthCheckResponse_ServingStatus.SERVING);
      }
    }
  });

  test("each service lists its services through server reflection", async () => {
    for (const [key, host] of hosts(system)) {
      const reflection = createReflectionClient(channelTo(host));
      try {
        expect(await reflection.listServices()).toEqual(
          [
            names[key],
            "grpc.health.v1.Health",
            "grpc.reflection.v1.ServerReflection",
            "grpc.reflection.v1alpha.ServerReflection",
          ].sort(),
        );
      } finally {
        reflection.close();
      }
    }
  });

  test("each service's /metrics counts its calls; the gateway's also counts its calls downstream", async () => {
    const storefront = createStorefrontClient(channelTo(system.gateway));
    await storefront.getProductPage({ sku: "TEA-001" }, { timeoutMs: 2000 });
    for await (const _ of storefront.browseCategory({ category: "teaware" }, { timeoutMs: 2000 }));

    const [catalog, pricing, gateway] = await Promise.all(
      hosts(system).map(([, host]) => scrapeMetrics(host.metricsPort)),
    );
    const series = (service: string, type: string, method: string) =>
      `grpc_type="${type}",grpc_service="${service}",grpc_method="${method}"`;
    expect(gateway).toContain(
      `grpc_server_handled_total{${series(names.gateway, "unary", "GetProductPage")},grpc_code="OK"} 1`,
    );
    expect(gateway).toContain(
      `grpc_server_msg_sent_total{${series(names.gateway, "server_stream", "BrowseCategory")}} 2`,
    );
    expect(gateway).toContain(
      `grpc_client_handled_total{${series(names.catalog, "unary", "GetProduct")},grpc_code="OK"} 1`,
    );
    expect(gateway).toContain(
      `grpc_client_handled_total{${series(names.pricing, "unary", "GetPrice")},grpc_code="OK"} 3`,
    );
    expect(gateway).toContain(
      `grpc_client_msg_received_total{${series(names.catalog, "server_stream", "ListProducts")}} 2`,
    );
    expect(catalog).toContain(
      `grpc_server_handled_total{${series(names.catalog, "unary", "GetProduct")},grpc_code="OK"} 1`,
    );
    expect(catalog).toContain(
      `grpc_server_handled_total{${series(names.catalog, "server_stream", "ListProducts")},grpc_code="OK"} 1`,
    );
    expect(pricing).toContain(
      `grpc_server_handled_total{${series(names.pricing, "unary", "GetPrice")},grpc_code="OK"} 3`,
    );
    for (const text of [catalog, pricing, gateway]) {
      expect(text).toMatch(/^grpc_server_handling_seconds_bucket\{/m);
      expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
    }
  });
});

test("on shutdown each service's health turns NOT_SERVING before it goes away", async () => {
  const system = await startSystem();
  const watches = hosts(system).map(([, host]) => watchHealth(host.target));
  try {
    await Promise.all(watches.map((w) => w.serving));
    await system.close();
    expect(await Promise.all(watches.map((w) => w.next))).toEqual(["NOT_SERVING", "NOT_SERVING", "NOT_SERVING"]);
  } finally {
    for (const watch of watches) watch.close();
  }
});
