import { CatalogService, fileDescriptors } from "../gen/microservices/catalog.h2rpc.js";
import { hosted } from "../platform/hosted-service.js";
import { type ServiceHost, type ServiceHostOptions, startServiceHost } from "../platform/service-host.js";
import { createCatalog } from "./catalog-service.js";
import { products } from "./products.js";

/** Starts the catalog service (with health, reflection and `/metrics`). */
export function startCatalog(options: ServiceHostOptions = {}): Promise<ServiceHost> {
  return startServiceHost({
    ...options,
    services: [hosted(CatalogService, createCatalog(products))],
    descriptors: fileDescriptors,
  });
}
