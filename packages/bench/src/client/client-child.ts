import { collectGarbage } from "../heap.js";
import { parseImplName } from "../impls.js";
import { type FromClient, Inbox, type ToClient } from "../ipc.js";
import { maxUnits } from "../scenarios.js";
import { scenarioWorkload } from "../workload.js";
import { createDriver } from "./driver.js";
import { runWindow } from "./load-window.js";
import { holdCalls, openIdleSessions } from "./memory-probes.js";

/**
 * The load generator of one implementation, a child process of the runner: it runs the
 * scenarios and memory probes the runner asks for over IPC and reports what it measured.
 * Usage: node client-child.js <h2rpc|bare|grpc-js>
 */
async function main(): Promise<void> {
  const impl = parseImplName(process.argv[2]);
  const inbox = new Inbox<ToClient>(process, "runner");
  const send = (message: FromClient) => process.send!(message);
  process.on("disconnect", () => process.exit(0)); // the runner is gone: never outlive it
  send({ type: "ready", impl });
  for (;;) {
    const command = await inbox.next(["run", "idle-open", "inflight-start", "exit"], Number.POSITIVE_INFINITY);
    try {
      switch (command.type) {
        case "run": {
          const { scenario, port, limits } = command;
          const workload = scenarioWorkload(scenario);
          const driver = await createDriver(impl, { port, connections: scenario.connections });
          await runWindow(driver, scenario, workload, limits.warmupMs, maxUnits(scenario, limits.warmupMs));
          collectGarbage();
          send({ type: "warm" });
          await inbox.next("go", 60_000);
          const cpu = process.cpuUsage();
          const window = await runWindow(driver, scenario, workload, limits.durationMs, limits.maxUnits);
          const used = process.cpuUsage(cpu);
          send({ type: "result", result: { ...window, clientCpuUs: used.user + used.system } });
          await inbox.next("teardown", 60_000);
          await driver.close();
          send({ type: "closed" });
          break;
        }
        case "idle-open": {
          const sessions = await openIdleSessions(impl, command.port, command.sessions, async () => {
            send({ type: "idle-warm" });
            await inbox.next("idle-go", 60_000);
          });
          send({ type: "idle-opened", heapDeltaBytes: sessions.heapDeltaBytes, sessions: command.sessions });
          await inbox.next("idle-close", 60_000);
          await sessions.close();
          send({ type: "idle-closed" });
          break;
        }
        case "inflight-start": {
          const held = await holdCalls(impl, command.port, {
            count: command.calls,
            holdMs: command.holdMs,
            settleMs: command.settleMs,
            ready: async () => {
              send({ type: "inflight-connected" });
              await inbox.next("inflight-go", 60_000);
            },
          });
          send({ type: "inflight-held", heapDeltaBytes: held.heapDeltaBytes, calls: command.calls });
          await inbox.next("inflight-finish", 60_000);
          send({ type: "inflight-done", failures: await held.finish(command.holdMs) });
          break;
        }
        case "exit":
          process.exit(0);
      }
    } catch (error) {
      send({ type: "error", message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  }
}

void main();
