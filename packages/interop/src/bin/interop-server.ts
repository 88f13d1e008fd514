#!/usr/bin/env node
// The gRPC interop server on h2rpc: grpc.testing.TestService, plaintext (h2c).
//   node packages/interop/dist/bin/interop-server.js --port 0
// prints `LISTENING <port>` once it accepts calls; SIGTERM or SIGINT close it (2 s grace) and exit 0.
import { type FlagSpec, flagsOrExit, UsageError } from "../cli/flags.js";
import { createInteropServer } from "../server.js";

const specs = {
  port: { kind: "port", default: 0, help: "port to listen on; 0 picks a free one (printed as LISTENING <port>)" },
  host: {
    kind: "string",
    default: "127.0.0.1",
    help: "address to listen on; 0.0.0.0 or :: to accept calls from other hosts",
  },
  use_tls: { kind: "boolean", default: false, help: "TLS is not supported: only false is accepted" },
} satisfies Record<string, FlagSpec>;

const flags = flagsOrExit(
  process.argv.slice(2),
  specs,
  "interop-server [--port=PORT] [--host=HOST] [--use_tls=false]",
  (f) => {
    if (f.use_tls) throw new UsageError("--use_tls=true is not supported: this server speaks plaintext HTTP/2 only");
  },
);

const server = createInteropServer();
const address = flags.host.includes(":") ? `[${flags.host}]:${flags.port}` : `${flags.host}:${flags.port}`;
let port: number;
try {
  port = await server.listen(address);
} catch (error) {
  console.error(`interop-server: cannot listen on ${address}: ${(error as Error).message}`);
  process.exit(1);
}
console.log(`LISTENING ${port}`);

let closing = false;
function stop(signal: NodeJS.Signals): void {
  if (closing) return;
  closing = true;
  console.error(`interop-server: ${signal}, closing`);
  server.close({ graceMs: 2000 }).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error("interop-server: close failed:", error);
      process.exit(1);
    },
  );
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
