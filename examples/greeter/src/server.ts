import { fileURLToPath } from "node:url";
import { createServer, type Server } from "h2rpc";
import { GreeterService } from "./gen/helloworld/greeter.h2rpc.js";
import { greeter } from "./greeter-service.js";

/** Starts the greeter on `address` and returns the server with its bound port. */
export async function startGreeterServer(address = "127.0.0.1:50051"): Promise<{ server: Server; port: number }> {
  const server = createServer().add(GreeterService, greeter);
  const port = await server.listen(address);
  return { server, port };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { server, port } = await startGreeterServer(process.env.ADDRESS ?? "127.0.0.1:50051");
  console.log(`Greeter listening on port ${port}`);
  const stop = () => void server.close({ graceMs: 5000 }).then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
