import type { Server, ServiceDefinition, ServiceImplementation } from "h2rpc";

/** A service definition with its implementation, ready to be added to a server. */
export interface HostedService {
  /** The definition: its name labels metrics and health statuses. */
  readonly definition: ServiceDefinition;
  /** Adds the service to `server`. */
  addTo(server: Server): void;
}

/** Pairs a generated service definition with its (type-checked) implementation. */
export function hosted<S extends ServiceDefinition>(
  definition: S,
  implementation: ServiceImplementation<S>,
): HostedService {
  return { definition, addTo: (server) => void server.add(definition, implementation) };
}
