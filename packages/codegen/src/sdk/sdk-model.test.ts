import { describe, expect, it } from "vitest";
import { registryOf } from "../test-support/descriptors.js";
import { fixtureModel } from "../test-support/fixture-model.js";
import { FIXTURE_PROTO_DIR, tempDir, writeFiles } from "../test-support/temp-dir.js";
import { buildSdkModel } from "./sdk-model.js";

describe("buildSdkModel on the fixture protos", () => {
  const model = fixtureModel();
  const pkg = (module: string) => model.packages.find((p) => p.module === module)!;

  it("has one module per proto package, sorted, the root taking the input packages", () => {
    expect(model.packages.map((p) => [p.module, p.protoPackage, p.inRoot])).toEqual([
      ["default-package", "", true],
      ["common.v1", "common.v1", true],
      ["google.protobuf", "google.protobuf", false],
      ["shop.v1", "shop.v1", true],
    ]);
  });

  it("exports each service's definition, client type and factory, then messages, enums and enum helpers", () => {
    expect(pkg("common.v1").exports.map((e) => `${e.typeOnly ? "type " : ""}${e.name} (${e.module})`)).toEqual([
      "AuditService (common/v1/audit.h2rpc)",
      "type AuditServiceClient (common/v1/audit.h2rpc)",
      "createAuditServiceClient (common/v1/audit.h2rpc)",
      "Status (common/v1/types)",
      "Money (common/v1/types)",
      "Item (common/v1/types)",
      "Audit (common/v1/types)",
      "statusFromJSON (common/v1/types)",
      "statusToJSON (common/v1/types)",
    ]);
  });

  it("leaves out map entries and keeps nested types with ts-proto's names", () => {
    const names = pkg("shop.v1").exports.map((e) => e.name);
    expect(names).toContain("Item_Variant");
    expect(names).toContain("Item_Variant_Size");
    expect(names).toContain("item_Variant_SizeFromJSON");
    expect(names).toContain("DateMessage");
    expect(names).toContain("legacyRecord");
    expect(names.filter((n) => n.endsWith("Entry"))).toEqual([]);
    expect(pkg("google.protobuf").exports.map((e) => e.name)).not.toContain("Struct_FieldsEntry");
  });

  it("renames a message whose name a service export took, adding Message", () => {
    const renamed = pkg("shop.v1").exports.find((e) => e.local === "CatalogServiceClient" && !e.typeOnly);
    expect(renamed).toMatchObject({ name: "CatalogServiceClientMessage", module: "shop/v1/catalog" });
    expect(model.renamed).toEqual([
      {
        module: "shop.v1",
        name: "CatalogServiceClientMessage",
        local: "CatalogServiceClient",
        what: "message shop.v1.CatalogServiceClient",
      },
    ]);
  });

  it("describes services and methods: kinds, types with their module and name, comments, deprecation", () => {
    const [catalog, legacy] = pkg("shop.v1").services;
    expect(catalog!.typeName).toBe("shop.v1.CatalogService");
    expect(catalog!.exports).toEqual({
      definition: "CatalogService",
      client: "CatalogServiceClient",
      factory: "createCatalogServiceClient",
    });
    expect(catalog!.comment[0]).toBe("The catalog of the shop: every kind of call.");
    const method = (key: string) => catalog!.methods.find((m) => m.key === key)!;
    expect(catalog!.methods.map((m) => [m.key, m.kind])).toContainEqual(["listItems", "server streaming"]);
    expect(method("uploadItems").kind).toBe("client streaming");
    expect(method("syncVariants").kind).toBe("bidi streaming");
    expect(method("getItem")).toMatchObject({
      protoName: "GetItem",
      kind: "unary",
      request: { typeName: "shop.v1.GetItemRequest", module: "shop.v1", name: "GetItemRequest" },
      comment: ["Fetches one item."],
      deprecated: false,
    });
    expect(method("compare").response).toEqual({ typeName: "common.v1.Item", module: "common.v1", name: "Item" });
    expect(method("connect").response.name).toBe("CatalogServiceClientMessage");
    expect(method("now").response).toEqual({
      typeName: "google.protobuf.Timestamp",
      module: "google.protobuf",
      name: "Timestamp",
    });
    expect(method("fetchItem").deprecated).toBe(true);
    expect(method("getLegacy").protoName).toBe("get_legacy");
    expect(legacy!.deprecated).toBe(true);
    expect(pkg("common.v1").services[0]!.methods[1]!.comment).toEqual(["Maps a shop item to its common id."]);
  });

  it("leaves names several root packages export out of the root", () => {
    expect([...model.rootClashes]).toEqual([["Item", ["common.v1", "shop.v1"]]]);
    const root = model.root.map((e) => `${e.module}:${e.name}`);
    expect(root).not.toContain("shop.v1:Item");
    expect(root).not.toContain("common.v1:Item");
    expect(root).toContain("shop.v1:createCatalogServiceClient");
    expect(root).toContain("default-package:LonelyService");
    expect(root.filter((e) => e.startsWith("google.protobuf:"))).toEqual([]);
  });
});

describe("buildSdkModel with some files only imported", () => {
  it("has no clients for the services of imported files, which get no .h2rpc.ts", () => {
    const files = [...registryOf(FIXTURE_PROTO_DIR).files];
    const model = buildSdkModel(files, (file) => file.proto.name === "shop/v1/catalog.proto");
    const common = model.packages.find((p) => p.module === "common.v1")!;
    expect(common.inRoot).toBe(false);
    expect(common.services).toEqual([]);
    expect(common.exports.map((e) => e.name)).not.toContain("AuditService");
    expect(common.exports.map((e) => e.name)).toContain("Audit");
  });
});

describe("buildSdkModel names", () => {
  it("adds Enum to a taken enum name, then numbers", () => {
    const root = tempDir();
    writeFiles(root, {
      "a/a.proto": 'syntax = "proto3";\npackage a;\nmessage M {}\nservice Foo { rpc Get(M) returns (M); }\n',
      "a/b.proto": 'syntax = "proto3";\npackage a;\nenum FooClient { X = 0; }\nmessage createFooClient {}\n',
      "a/c.proto": 'syntax = "proto3";\npackage a;\nmessage M2 {}\nservice FooService { rpc Get(M2) returns (M2); }\n',
    });
    const model = buildSdkModel([...registryOf(root).files], () => true);
    const names = model.packages[0]!.exports.map((e) => `${e.local}=${e.name}`);
    expect(names).toEqual([
      "FooService=FooService",
      "FooClient=FooClient",
      "createFooClient=createFooClient",
      "FooService=FooService2",
      "FooServiceClient=FooServiceClient",
      "createFooServiceClient=createFooServiceClient",
      "M=M",
      "FooClient=FooClientEnum",
      "createFooClient=createFooClientMessage",
      "M2=M2",
      "fooClientFromJSON=fooClientFromJSON",
      "fooClientToJSON=fooClientToJSON",
    ]);
    expect(model.packages[0]!.services.map((s) => s.exports.definition)).toEqual(["FooService", "FooService2"]);
  });
});
