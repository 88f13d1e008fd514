import type { DescService } from "@bufbuild/protobuf";

/** The exported names generated for one service. */
export interface ServiceNames {
  /** The `as const` service definition, e.g. `GreeterService`. */
  readonly definition: string;
  /** The client interface, e.g. `GreeterClient`. */
  readonly client: string;
  /** The server interface, e.g. `GreeterServer`. */
  readonly server: string;
  /** The client factory, e.g. `createGreeterClient`. */
  readonly factory: string;
}

/**
 * Names of the services of one file, as grpc-go and ts-proto name them: the client and server
 * interfaces append `Client` / `Server` to the service name (`TestService` → `TestServiceClient`),
 * the definition appends `Service` unless the name already ends with it (`Greeter` →
 * `GreeterService`, `TestService` → `TestService`), the factory is `create<Name>Client`.
 */
export function serviceNames(services: readonly DescService[]): Map<DescService, ServiceNames> {
  const names = new Map<DescService, ServiceNames>();
  for (const service of services) {
    const pascal = service.name.charAt(0).toUpperCase() + service.name.slice(1);
    names.set(service, {
      definition: pascal.endsWith("Service") ? pascal : `${pascal}Service`,
      client: `${pascal}Client`,
      server: `${pascal}Server`,
      factory: `create${pascal}Client`,
    });
  }
  return names;
}
