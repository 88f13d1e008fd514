import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createServer, type Server, type ServerOptions } from "h2rpc";
import { createReflection, type Reflection, type ReflectionOptions } from "../server/create-reflection.js";
import { GreeterService, fileDescriptors as greeterDescriptors } from "./gen/helloworld/greeter.h2rpc.js";
import * as catalog from "./gen/shop/v1/catalog.h2rpc.js";
import * as inventory from "./gen/shop/v1/inventory.h2rpc.js";
import { greeter } from "./greeter.js";

/** The package directory (packages/reflection). */
export const PACKAGE_DIR = fileURLToPath(new URL("../..", import.meta.url));

/** The descriptors of every test service: greeter, catalog, inventory (with extensions) and imports. */
export const ALL_DESCRIPTORS: readonly string[] = [
  ...greeterDescriptors,
  ...catalog.fileDescriptors,
  ...inventory.fileDescriptors,
];

/** A started test server. */
export interface TestServer {
  /** `127.0.0.1:<port>`. */
  readonly target: string;
  /** The server. */
  readonly server: Server;
  /** Its reflection. */
  readonly reflection: Reflection;
  /** Shuts it down. */
  close(): Promise<void>;
}

/**
 * Starts an h2rpc server on 127.0.0.1 running the greeter with reflection over
 * {@link ALL_DESCRIPTORS} (or `reflectionOptions`).
 */
export async function startGreeterServer(
  reflectionOptions: Partial<ReflectionOptions> = {},
  serverOptions: ServerOptions = {},
): Promise<TestServer> {
  const reflection = createReflection({ descriptors: ALL_DESCRIPTORS, ...reflectionOptions });
  const server = reflection.addTo(createServer(serverOptions).add(GreeterService, greeter));
  const port = await server.listen("127.0.0.1:0");
  return { target: `127.0.0.1:${port}`, server, reflection, close: () => server.forceShutdown() };
}

/** A file of the runtime's test-fixtures/tls (test-only certificates for localhost and 127.0.0.1). */
export function tlsFixture(name: "ca.crt" | "server.crt" | "server.key" | "client.crt" | "client.key"): Buffer {
  return readFileSync(new URL(`../../../h2rpc/test-fixtures/tls/${name}`, import.meta.url));
}
