// Samples of docs/health-reflection-cli.md. health-reflection.test.ts runs them against a loopback server.
import { fileURLToPath } from "node:url";
import { createHealth, createHealthClient, type Health, HealthCheckResponse_ServingStatus } from "@h2rpc/health";
import { createReflection, createReflectionClient, type DynamicMessage, loadProtoDefinitions } from "@h2rpc/reflection";
import { type Channel, createChannel, createClient, createServer, type Server } from "h2rpc";
import { greeter } from "./calls.js";
import * as greeterGen from "./gen/helloworld/greeter.h2rpc.js";
import { GreeterService } from "./gen/helloworld/greeter.h2rpc.js";
import * as inventoryGen from "./gen/inventory/v1/inventory.h2rpc.js";

/** A greeter with health checking and server reflection. */
export async function startObservableServer(): Promise<{ server: Server; health: Health; port: number }> {
  // #region health-server
  const server = createServer().add(GreeterService, greeter);
  const health = createHealth(); // the server as a whole ("") starts SERVING
  health.attach(server); // serves grpc.health.v1.Health; everything NOT_SERVING once server.shutdown() starts
  health.setStatus("helloworld.Greeter", "NOT_SERVING"); // per service, fully-qualified names
  const port = await server.listen("127.0.0.1:0");

  await warmUp(); // e.g. fill caches, connect to the database
  health.setStatus("helloworld.Greeter", "SERVING");
  // #endregion

  // #region reflection-server
  // each generated *.h2rpc.ts exports fileDescriptors: its .proto and every import, serialized
  createReflection({
    descriptors: [...greeterGen.fileDescriptors, ...inventoryGen.fileDescriptors],
  }).addTo(server); // grpc.reflection.v1 and v1alpha
  // #endregion
  return { server, health, port };
}

async function warmUp(): Promise<void> {}

/** Asks the server's health once, then watches a service's until `signal` aborts; prints the statuses. */
export async function checkHealth(channel: Channel, signal: AbortSignal): Promise<void> {
  // #region health-client
  const health = createHealthClient(channel);
  const { status } = await health.check({ service: "" }, { timeoutMs: 1000 });
  console.log(HealthCheckResponse_ServingStatus[status]); // "SERVING"
  // Watch: the current status at once, then every change, until the call ends
  try {
    for await (const change of health.watch({ service: "helloworld.Greeter" }, { signal })) {
      console.log(HealthCheckResponse_ServingStatus[change.status]); // "SERVING", "NOT_SERVING" on shutdown...
    }
  } catch (e) {
    if (!signal.aborted) throw e; // aborting our own signal ends the call with CANCELLED
  }
  // #endregion
}

/** Lists the services of a server through reflection. */
export async function listServices(target: string): Promise<string[]> {
  // #region reflection-client
  const reflection = createReflectionClient(createChannel(target));
  const services = await reflection.listServices(); // ["grpc.health.v1.Health", "helloworld.Greeter", ...]
  reflection.close();
  // #endregion
  return services;
}

/** Calls SayHello without generated code, from the .proto file loaded at run time. */
export async function dynamicCall(channel: Channel): Promise<unknown> {
  const protoDir = fileURLToPath(new URL("../../../proto", import.meta.url));
  // #region dynamic
  const defs = await loadProtoDefinitions(["helloworld/greeter.proto"], { includeDirs: [protoDir] });
  const Greeter = defs.service("helloworld.Greeter")!;
  const sayHello = Greeter.methods.sayHello!;
  const client = createClient(Greeter, channel) as Record<string, any>; // methods unknown to TypeScript
  const reply: DynamicMessage = await client.sayHello(sayHello.requestType.fromJson({ name: "Ada" }));
  console.log(sayHello.responseType.toJson(reply)); // { message: "Hello, Ada!" }
  // #endregion
  return sayHello.responseType.toJson(reply);
}
