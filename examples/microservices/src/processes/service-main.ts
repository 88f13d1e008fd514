// One service in its own process: `node dist/processes/service-main.js catalog|pricing|gateway`
// (environment: see start-named-service.ts). Started by the launcher (start.ts) through fork(), it reports its
// ports over the IPC channel; it shuts down gracefully on SIGTERM or SIGINT, or when the launcher goes away.
import { describeAbortedCall } from "../platform/aborted-calls.js";
import type { ListeningMessage } from "./listening-message.js";
import { startNamedService } from "./start-named-service.js";

const name = process.argv[2] ?? "";
const host = await startNamedService(name, process.env, (call) => console.log(describeAbortedCall(call))).catch(
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
console.log(`listening on ${host.target}, metrics on http://127.0.0.1:${host.metricsPort}/metrics`);
const listening: ListeningMessage = { type: "listening", port: host.port, metricsPort: host.metricsPort };
process.send?.(listening);

let stopping = false;
function stop(why: string): void {
  if (stopping) return;
  stopping = true;
  console.log(`${why}: shutting down (health NOT_SERVING, draining calls)`);
  host.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error("shutdown failed:", error);
      process.exit(1);
    },
  );
}
process.once("SIGTERM", () => stop("SIGTERM"));
process.once("SIGINT", () => stop("SIGINT"));
process.once("disconnect", () => stop("launcher gone")); // no orphan when the launcher is killed
