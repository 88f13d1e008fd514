// `npm start` (or `npm run demo`): the whole system in one command. Starts catalog and pricing in child
// processes on free ports, then the gateway pointed at them; waits until each one's health is SERVING; takes
// the storefront tour through the gateway; prints each service's handled calls from its /metrics; and stops
// everything (gateway first), each one's health turning NOT_SERVING. Exits 0 when all of it went well.
// Ctrl-C (SIGINT) or SIGTERM stops every child, by PID, before exiting.
import { createChannel } from "h2rpc";
import { handledCounts, scrapeMetrics } from "./demo/metrics-summary.js";
import { storefrontTour } from "./demo/storefront-tour.js";
import { waitUntilServing } from "./demo/wait-until-serving.js";
import { CatalogService } from "./gen/microservices/catalog.h2rpc.js";
import { PricingService } from "./gen/microservices/pricing.h2rpc.js";
import { createStorefrontClient, StorefrontService } from "./gen/microservices/storefront.h2rpc.js";
import { stopWithHealthWatch } from "./processes/stop-with-health-watch.js";
import { type ChildService, Supervisor } from "./processes/supervisor.js";

const say = (line: string) => console.log(`[launcher] ${line}`);
const supervisor = new Supervisor((line) => console.log(line));
/** Exit codes after a signal, as shells report them (128 + the signal's number). */
const signalExitCodes = { SIGINT: 130, SIGTERM: 143 } as const;
let interrupted: keyof typeof signalExitCodes | undefined;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    interrupted = signal;
    say(`${signal}: stopping every service`);
    void supervisor.stopAll().finally(() => process.exit(signalExitCodes[signal]));
  });
}

/** The service each process serves, for reading its metrics. */
const served: Record<string, string> = {
  catalog: CatalogService.fullName,
  pricing: PricingService.fullName,
  gateway: StorefrontService.fullName,
};

let ok = true;
try {
  const [catalog, pricing] = await Promise.all([supervisor.spawn("catalog"), supervisor.spawn("pricing")]);
  const gateway = await supervisor.spawn("gateway", { CATALOG_TARGET: catalog.target, PRICING_TARGET: pricing.target });
  const services: ChildService[] = [catalog, pricing, gateway];
  for (const service of services) {
    await waitUntilServing(service.target);
    say(
      `${service.name} (pid ${service.pid}) SERVING on ${service.target}, metrics on :${service.metricsPort}/metrics`,
    );
  }

  console.log("");
  const channel = createChannel(gateway.target);
  try {
    await storefrontTour(createStorefrontClient(channel), (line) => console.log(line));
  } finally {
    channel.close();
  }

  console.log("");
  for (const service of services) {
    const counts = handledCounts(await scrapeMetrics(service.metricsPort), [served[service.name]!]);
    const summary = counts.map((c) => `${c.method} ${c.code} ${c.count}`).join(", ");
    say(`${service.name} grpc_server_handled_total: ${summary}`);
  }

  console.log("");
  for (const service of [gateway, catalog, pricing]) {
    ok = (await stopWithHealthWatch(supervisor, service, say)) && ok;
  }
} catch (error) {
  ok = false;
  if (!interrupted) say(`failed: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await supervisor.stopAll();
}
if (interrupted) process.exit(signalExitCodes[interrupted]);
say(ok ? "done: every service stopped" : "done, with errors");
process.exit(ok ? 0 : 1);
