// Starts the greeter with its /metrics endpoint on free ports, calls it every way (with client
// metrics in the same registry), prints the grpc_* samples it scrapes, and exits.
import { createClientMetrics } from "@h2rpc/prometheus";
import { greetEveryWay } from "./client.js";
import { startMetricsExample } from "./server.js";

const example = await startMetricsExample("127.0.0.1:0", "127.0.0.1", 0);
try {
  const clientMetrics = createClientMetrics({ registry: example.registry });
  for (const line of await greetEveryWay(`127.0.0.1:${example.grpcPort}`, [clientMetrics.interceptor])) {
    console.log(line);
  }
  const text = await (await fetch(`http://127.0.0.1:${example.metricsPort}/metrics`)).text();
  const samples = text
    .split("\n")
    .filter((l) => /^grpc_\w+_(started|handled|msg_\w+)_total\{/.test(l) && !l.endsWith(" 0"));
  console.log(`\nGET /metrics (non-zero gRPC counters):\n${samples.join("\n")}`);
} finally {
  await example.close();
}
