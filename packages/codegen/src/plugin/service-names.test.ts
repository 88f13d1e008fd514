import type { DescService } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { serviceNames } from "./service-names.js";

const services = (...names: string[]) => names.map((name) => ({ name }) as DescService);

describe("serviceNames", () => {
  it("derives the four names as grpc-go and ts-proto do", () => {
    const [greeter, catalog] = services("Greeter", "CatalogService");
    const names = serviceNames([greeter!, catalog!]);
    expect(names.get(greeter!)).toEqual({
      definition: "GreeterService",
      client: "GreeterClient",
      server: "GreeterServer",
      factory: "createGreeterClient",
    });
    expect(names.get(catalog!)).toEqual({
      definition: "CatalogService",
      client: "CatalogServiceClient",
      server: "CatalogServiceServer",
      factory: "createCatalogServiceClient",
    });
  });

  it("keeps Greeter and GreeterService apart, and upper-cases the first letter", () => {
    const [short, long, lower] = services("Greeter", "GreeterServiceX", "legacy");
    const names = serviceNames([short!, long!, lower!]);
    expect(names.get(short!)?.definition).toBe("GreeterService");
    expect(names.get(long!)?.client).toBe("GreeterServiceXClient");
    expect(names.get(lower!)?.factory).toBe("createLegacyClient");
  });

  it("keeps a service named just Service", () => {
    const [only] = services("Service");
    expect(serviceNames([only!]).get(only!)).toMatchObject({ definition: "Service", client: "ServiceClient" });
  });
});
