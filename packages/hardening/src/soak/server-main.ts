/**
 * The soak's server process (run with `--expose-gc`, forked with an IPC channel): serves the Greeter
 * with {@link soakGreeter}, and answers the driver's `snapshot` (heap after GC, handles, handler
 * counters) and `stop` (graceful shutdown, then exit). Exits when the IPC channel closes.
 */
import { createServer } from "h2rpc";
import { GreeterService } from "../gen/helloworld/greeter.h2rpc.js";
import type { FromServer, ToServer } from "./ipc.js";
import { createHandlerCounters, soakGreeter } from "./server-handlers.js";
import { takeSnapshot } from "./snapshot.js";

const send = (message: FromServer) => process.send?.(message);
const counters = createHandlerCounters();
const server = createServer({
  onHandlerError: (error) => console.error("soak server: unexpected handler error", error),
}).add(GreeterService, soakGreeter(counters));
const port = await server.listen("127.0.0.1:0");

process.on("message", (message: ToServer) => {
  if (message.type === "snapshot") {
    send({ type: "snapshot", snapshot: takeSnapshot(), handlers: { ...counters } });
  } else if (message.type === "stop") {
    const t0 = performance.now();
    void server.shutdown({ graceMs: 2000 }).then(() => {
      send({ type: "stopped", shutdownMs: performance.now() - t0 });
      process.disconnect();
    });
  }
});
// the driver went away (killed, crashed): do not outlive it
process.once("disconnect", () => process.exit(0));
send({ type: "listening", port });
