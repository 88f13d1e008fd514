// Compiled (not run) against the generated code by generate.test.ts: the generated
// interfaces must agree with the runtime's mapped types and with ts-proto's messages.
import type { Channel, Client, ServiceImplementation } from "h2rpc";
import type { AuditService, AuditServiceClient, AuditServiceServer } from "../gen/common/v1/audit.h2rpc.js";
import type { Status } from "../gen/common/v1/types.js";
import { createLonelyClient, type LonelyService } from "../gen/lonely.h2rpc.js";
import {
  type CatalogService,
  type CatalogServiceClient,
  type CatalogServiceServer,
  createCatalogServiceClient,
  createLegacyCatalogClient,
} from "../gen/shop/v1/catalog.h2rpc.js";
import { type Item, Item_Variant_Size } from "../gen/shop/v1/catalog.js";

declare const channel: Channel;

// Generated interfaces and the runtime's mapped types are interchangeable.
const catalog: CatalogServiceClient = createCatalogServiceClient(channel, { timeoutMs: 1000 });
const catalogMapped: Client<typeof CatalogService> = catalog;
export const catalogBack: CatalogServiceClient = catalogMapped;
export const audit: AuditServiceClient = {} as Client<typeof AuditService>;
export const lonely: Client<typeof LonelyService> = createLonelyClient(channel);
export const legacy = createLegacyCatalogClient(channel);

export async function callEverything(): Promise<void> {
  const item: Item = await catalog.getItem({ id: "1" });
  const views: bigint = item.views;
  const rank: bigint | undefined = item.rank;
  const subtitle: string | undefined = item.subtitle;
  const labels: { [key: string]: string } = item.labels;
  const note: string | undefined = item.note;
  const updatedAt: Date | undefined = item.updatedAt;
  if (item.availability?.$case === "restockAt") {
    const restock: Date = item.availability.value;
    void restock;
  }
  void [views, rank, subtitle, labels, note, updatedAt];

  for await (const listed of catalog.listItems({ pageSize: 10, pageToken: "next" })) void listed.name;
  const stored = await catalog.uploadItems([{ name: "a", views: 1, delta: "-2", rank: 3n }]);
  const storedCount: bigint = stored.value;
  async function* variants() {
    yield { sku: "x", size: Item_Variant_Size.SIZE_SMALL };
  }
  for await (const variant of catalog.syncVariants(variants())) void variant.size;
  await catalog.ping({});
  const now = await catalog.now({}, { signal: AbortSignal.timeout(10) });
  const seconds: bigint = now.seconds;
  const struct = await catalog.unpack({ typeUrl: "type.googleapis.com/x", value: new Uint8Array() });
  void struct.fields;
  const list = await catalog.echoValue({ kind: { $case: "stringValue", value: "v" } });
  void list.values;
  const renamed = await catalog.rename({ value: "new" });
  const name: string = renamed.value;
  const same = await catalog.compare({ price: { currency: "EUR", minorUnits: 100n } });
  void same.id;
  void (await catalog.connect({ name: "c" })).name;
  void (await catalog.today({ year: 2024 })).value;
  void (await catalog.getLegacy({ id: "1" })).value;
  void (await legacy.get({ id: "1" })).name;
  for await (const audit of (await Promise.resolve(catalogAudit())).trail({ id: "1" })) {
    const status: Status = audit.status;
    void status;
  }
  void [storedCount, seconds, name];

  // @ts-expect-error ids are strings
  await catalog.getItem({ id: 1 });
  // @ts-expect-error a unary method takes one request, not a stream
  await catalog.getItem([{ id: "1" }]);
  // @ts-expect-error a server-streaming method returns an iterable, not a promise
  await catalog.listItems({}).then(() => undefined);
}

function catalogAudit(): AuditServiceClient {
  return audit;
}

const catalogServer: CatalogServiceServer = {
  async getItem(request, context) {
    context.header.set("x-item", request.id);
    return { id: request.id, views: 1n };
  },
  async *listItems(request) {
    yield { name: `page of ${request.pageSize}` };
  },
  async uploadItems(requests) {
    let count = 0n;
    for await (const item of requests) count += item.views;
    return { value: count };
  },
  syncVariants: (requests) => requests,
  ping: () => ({}),
  now: () => ({ seconds: 1n, nanos: 0 }),
  unpack: (request) => ({ fields: { url: request.typeUrl } }),
  echoValue: (request) => ({ values: [request] }),
  rename: (request) => ({ value: request.value.toUpperCase() }),
  compare: (request) => ({ id: request.id }),
  connect: (request) => ({ name: request.name }),
  today: (request) => ({ value: String(request.year) }),
  fetchItem: async (request) => ({ id: request.id }),
  getLegacy: () => [] as never,
};
const catalogImpl: ServiceImplementation<typeof CatalogService> = catalogServer;
export const catalogServerBack: CatalogServiceServer = catalogImpl;

export const auditServer: ServiceImplementation<typeof AuditService> = {
  async *trail() {
    yield { by: "me" };
  },
  record: (item) => ({ id: item.id }),
} satisfies AuditServiceServer;
