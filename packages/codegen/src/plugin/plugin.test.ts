import { fromBinary } from "@bufbuild/protobuf";
import { CodeGeneratorResponse_Feature, FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { pluginRequest, registryOf } from "../test-support/descriptors.js";
import { FIXTURE_PROTO_DIR, tempDir, writeFiles } from "../test-support/temp-dir.js";
import { serializeFileDescriptor } from "./file-descriptor.js";
import { generateFiles, h2rpcPlugin } from "./plugin.js";

const ALL = ["common/v1/audit.proto", "common/v1/types.proto", "lonely.proto", "shop/v1/catalog.proto"];

describe("h2rpcPlugin", () => {
  const request = pluginRequest(FIXTURE_PROTO_DIR, ALL);

  it("writes <file>.h2rpc.ts for each file to generate that has services", () => {
    const response = h2rpcPlugin.run(request);
    expect(response.error ?? "").toBe("");
    expect(response.file.map((f) => f.name)).toEqual([
      "common/v1/audit.h2rpc.ts",
      "lonely.h2rpc.ts",
      "shop/v1/catalog.h2rpc.ts",
    ]);
    expect(response.supportedFeatures & BigInt(CodeGeneratorResponse_Feature.PROTO3_OPTIONAL)).not.toBe(0n);
  });

  it("leaves out files that are only imported", () => {
    const only = pluginRequest(FIXTURE_PROTO_DIR, ["lonely.proto"]);
    expect(generateFiles(only).map((f) => f.name)).toEqual(["lonely.h2rpc.ts"]);
  });

  it("imports messages across packages with relative paths, aliasing equal names", () => {
    const audit = generateFiles(request).find((f) => f.name === "common/v1/audit.h2rpc.ts")!.content;
    // common.v1.Item keeps its name in common.v1's file; shop.v1.Item gets an alias.
    expect(audit).toContain('import { Audit, Item } from "./types.js";');
    expect(audit).toContain('import { GetItemRequest, Item as Item$1 } from "../../shop/v1/catalog.js";');
    expect(audit).toContain("record(request: DeepPartial<Item$1>, options?: CallOptions): Promise<Item>;");
    expect(audit).toContain("/** Maps a shop item to its common id. */"); // a trailing comment
  });

  it("writes a file without package with a package-less path", () => {
    const lonely = generateFiles(request).find((f) => f.name === "lonely.h2rpc.ts")!.content;
    expect(lonely).toContain('fullName: "Lonely",');
    expect(lonely).toContain('path: "/Lonely/Ping",');
    expect(lonely).toContain('import { Pong } from "./lonely.js";');
    expect(lonely).toContain("/** A service without a package. */\nexport const LonelyService = {");
  });

  it("documents a service without comment by its name", () => {
    const root = tempDir();
    writeFiles(root, { "bare.proto": 'syntax = "proto3";\nmessage M {}\nservice Bare { rpc Get(M) returns (M); }\n' });
    const content = generateFiles(pluginRequest(root, ["bare.proto"]))[0]!.content;
    expect(content).toContain("/** Definition of Bare. */\nexport const BareService = {");
    expect(content).toContain("/** Client of Bare. */\nexport interface BareClient {\n  get(");
  });

  it("imports the runtime from the module given by the runtime option", () => {
    const custom = pluginRequest(FIXTURE_PROTO_DIR, ["lonely.proto"], "runtime=@acme/rpc,import_suffix=");
    const content = generateFiles(custom)[0]!.content;
    expect(content).toContain('import { createClient } from "@acme/rpc";');
    expect(content).toContain('import { Pong } from "./lonely";');
  });

  it("exports the file descriptor by default, which decodes back to the file", () => {
    const content = generateFiles(pluginRequest(FIXTURE_PROTO_DIR, ["lonely.proto"]))[0]!.content;
    const base64 = /export const fileDescriptor = "([^"]+)";/.exec(content)?.[1];
    const decoded = fromBinary(FileDescriptorProtoSchema, Buffer.from(base64!, "base64"));
    expect(decoded.name).toBe("lonely.proto");
    expect(decoded.service[0]?.name).toBe("Lonely");
    expect(decoded.sourceCodeInfo).toBeUndefined();
    const file = registryOf(FIXTURE_PROTO_DIR).getFile("lonely.proto")!;
    expect(Buffer.from(serializeFileDescriptor(file)).toString("base64")).toBe(base64);
    expect(content).toContain("export const fileDescriptors: readonly string[] = [\n  fileDescriptor,\n];\n");
  });

  it("exports fileDescriptors: every transitive import, dependencies first, each once, then the file", () => {
    const content = generateFiles(request).find((f) => f.name === "common/v1/audit.h2rpc.ts")!.content;
    const block = content.slice(content.indexOf("export const fileDescriptors"));
    const entries = [...block.matchAll(/^ {2}(?:\/\/ (\S+)|(fileDescriptor),)$/gm)].map((m) => m[1] ?? m[2]);
    expect(entries).toEqual([
      "google/protobuf/timestamp.proto",
      "common/v1/types.proto",
      "google/protobuf/any.proto",
      "google/protobuf/empty.proto",
      "google/protobuf/struct.proto",
      "google/protobuf/wrappers.proto",
      "shop/v1/catalog.proto",
      "fileDescriptor",
    ]);
    const registry = registryOf(FIXTURE_PROTO_DIR);
    const timestamp = Buffer.from(serializeFileDescriptor(registry.getFile("google/protobuf/timestamp.proto")!));
    expect(block).toContain(`  // google/protobuf/timestamp.proto\n  "${timestamp.toString("base64")}",\n`);
  });

  it("leaves the descriptors out with file_descriptor=false", () => {
    const without = pluginRequest(FIXTURE_PROTO_DIR, ["lonely.proto"], "file_descriptor=false");
    expect(generateFiles(without)[0]!.content).not.toContain("fileDescriptor");
  });

  it("writes client code only with server=false", () => {
    const clientOnly = pluginRequest(FIXTURE_PROTO_DIR, ["shop/v1/catalog.proto"], "server=false");
    const content = generateFiles(clientOnly)[0]!.content;
    expect(content).toContain("export const CatalogService = {");
    expect(content).toContain("export interface CatalogServiceClient {");
    expect(content).toContain("export function createCatalogServiceClient(");
    expect(content).not.toMatch(/Server\b|ServerCallContext|UnaryResult|StreamResult/);
  });

  it("fails with the file name when two methods get the same key", () => {
    const root = tempDir();
    writeFiles(root, {
      "clash.proto":
        'syntax = "proto3";\nmessage M {}\nservice S { rpc GetValue(M) returns (M); rpc get_value(M) returns (M); }\n',
    });
    expect(() => generateFiles(pluginRequest(root, ["clash.proto"]))).toThrow(
      'clash.proto: service S: methods GetValue and get_value both become "getValue"',
    );
  });

  it("fails on unknown plugin options", () => {
    expect(() => generateFiles(pluginRequest(FIXTURE_PROTO_DIR, ["lonely.proto"], "bogus=1"))).toThrow(
      'unknown option "bogus"',
    );
  });
});
