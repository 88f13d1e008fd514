import { collectAndMeasureHeap, collectGarbage } from "../heap.js";
import { parseImplName } from "../impls.js";
import { type FromServer, Inbox, type ToServer } from "../ipc.js";
import { startBenchServer } from "./bench-server.js";

/**
 * The benchmark server of one implementation, a child process of the runner. It reports its own
 * CPU time (process.cpuUsage) between the runner's `mark` and `stop`, and its heap on request.
 * Usage: node server-child.js <h2rpc|bare|grpc-js>
 */
async function main(): Promise<void> {
  const impl = parseImplName(process.argv[2]);
  const inbox = new Inbox<ToServer>(process, "runner");
  const send = (message: FromServer) => process.send!(message);
  process.on("disconnect", () => process.exit(0)); // the runner is gone: never outlive it
  const server = await startBenchServer(impl);
  send({ type: "ready", port: server.port });
  let cpu = process.cpuUsage();
  let markedAt = performance.now();
  for (;;) {
    const command = await inbox.next(["mark", "stop", "heap", "release", "exit"], Number.POSITIVE_INFINITY);
    switch (command.type) {
      case "mark":
        collectGarbage();
        cpu = process.cpuUsage();
        markedAt = performance.now();
        send({ type: "marked" });
        break;
      case "stop": {
        const used = process.cpuUsage(cpu);
        send({ type: "stopped", cpuUs: used.user + used.system, elapsedMs: performance.now() - markedAt });
        break;
      }
      case "heap":
        send({ type: "heap", heapUsedBytes: collectAndMeasureHeap(), holding: server.holding });
        break;
      case "release":
        server.releaseHolds();
        send({ type: "released" });
        break;
      case "exit":
        await server.close();
        process.exit(0);
    }
  }
}

void main();
