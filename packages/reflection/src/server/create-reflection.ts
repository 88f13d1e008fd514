import type { Server, ServiceDefinition, ServiceImplementation } from "h2rpc";
import type { FileDescriptorInput } from "../descriptors/descriptor-input.js";
import { DescriptorPool } from "../descriptors/descriptor-pool.js";
import * as v1 from "../gen/grpc/reflection/v1/reflection.h2rpc.js";
import type { ServerReflectionRequest } from "../gen/grpc/reflection/v1/reflection.js";
import * as v1alpha from "../gen/grpc/reflection/v1alpha/reflection.h2rpc.js";
import { answerRequest, type ReflectionSource } from "./answer-request.js";

/** Options of {@link createReflection}. */
export interface ReflectionOptions {
  /**
   * The file descriptors to serve: for generated code, the `fileDescriptors` export of each
   * `*.h2rpc.ts` whose services the server runs (they carry their imports, the well-known types
   * included). Duplicates are fine: a file name given twice keeps its first descriptor. The
   * reflection service's own files are always added.
   */
  descriptors: Iterable<FileDescriptorInput>;
  /**
   * The services list_services names, as full names (`helloworld.Greeter`) or definitions.
   * Default: the services of the server the reflection is added to (every service added to it,
   * reflection included, as grpc-go does), or, before that, every service in `descriptors`.
   */
  services?: Iterable<string | Pick<ServiceDefinition, "fullName">>;
}

/** A service definition with its implementation, ready for `server.add`. */
export interface ServiceRegistration<S extends ServiceDefinition> {
  /** The definition. */
  readonly service: S;
  /** The handlers. */
  readonly implementation: ServiceImplementation<S>;
}

/** What {@link Reflection.addTo} needs of a server: h2rpc's `Server` fits. */
export type ReflectionHost = Pick<Server, "add" | "services">;

/** Server reflection over a set of descriptors; see {@link createReflection}. */
export interface Reflection {
  /** The descriptors served, indexed. */
  readonly pool: DescriptorPool;
  /** `grpc.reflection.v1.ServerReflection`, for adding by hand. */
  readonly v1: ServiceRegistration<typeof v1.ServerReflectionService>;
  /** `grpc.reflection.v1alpha.ServerReflection` (older clients), for adding by hand. */
  readonly v1alpha: ServiceRegistration<typeof v1alpha.ServerReflectionService>;
  /** Adds both reflection services (v1 and v1alpha) to `server` and returns it. */
  addTo<S extends ReflectionHost>(server: S): S;
  /** The service names list_services answers now, sorted. */
  listServices(): string[];
}

/** The fully-qualified names of the reflection services themselves. */
export const REFLECTION_SERVICES: readonly string[] = [
  v1.ServerReflectionService.fullName,
  v1alpha.ServerReflectionService.fullName,
];

/**
 * Server reflection (`grpc.reflection.v1` and `v1alpha`) answering from `descriptors`, so that
 * grpcurl, `h2rpc list` / `describe` / `call`, Postman and friends can discover the services:
 *
 * ```ts
 * import { fileDescriptors } from "./gen/helloworld/greeter.h2rpc.js";
 * const server = createServer().add(GreeterService, greeter);
 * createReflection({ descriptors: fileDescriptors }).addTo(server);
 * ```
 * @throws {TypeError} when a descriptor does not decode.
 */
export function createReflection(options: ReflectionOptions): Reflection {
  const pool = new DescriptorPool([...options.descriptors, ...v1.fileDescriptors, ...v1alpha.fileDescriptors]);
  const chosen =
    options.services === undefined
      ? undefined
      : [...options.services].map((service) => (typeof service === "string" ? service : service.fullName));
  let host: ReflectionHost | undefined;
  const listServices = (): string[] => {
    const names = chosen ?? host?.services ?? [...pool.serviceNames(), ...REFLECTION_SERVICES];
    return [...new Set(names)].sort();
  };
  const source: ReflectionSource = { pool, listServices };
  const handler = async function* (requests: AsyncIterable<ServerReflectionRequest>) {
    for await (const request of requests) yield answerRequest(request, source);
  };
  const reflection: Reflection = {
    pool,
    v1: { service: v1.ServerReflectionService, implementation: { serverReflectionInfo: handler } },
    v1alpha: { service: v1alpha.ServerReflectionService, implementation: { serverReflectionInfo: handler } },
    addTo(server) {
      server.add(reflection.v1.service, reflection.v1.implementation);
      server.add(reflection.v1alpha.service, reflection.v1alpha.implementation);
      host = server;
      return server;
    },
    listServices,
  };
  return reflection;
}
