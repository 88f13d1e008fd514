import { join } from "node:path";
import { createChannel, createClient, createServer } from "h2rpc";
import { describe, expect, it } from "vitest";
import { createGreeterClient, GreeterService } from "../test-support/gen/helloworld/greeter.h2rpc.js";
import * as catalog from "../test-support/gen/shop/v1/catalog.h2rpc.js";
import { Item } from "../test-support/gen/shop/v1/catalog.js";
import { greeter } from "../test-support/greeter.js";
import { PACKAGE_DIR } from "../test-support/servers.js";
import { definitionsFromDescriptors } from "./from-descriptors.js";
import { loadProtoDefinitions } from "./load-proto.js";
import type { DynamicMessage } from "./message-type.js";
import { methodKey } from "./method-key.js";

const REPO_PROTO = join(PACKAGE_DIR, "../../proto");
const FIXTURE_PROTO = join(PACKAGE_DIR, "test-fixtures/proto");

describe("loadProtoDefinitions", () => {
  it("builds service definitions like generated code's from .proto files", async () => {
    const defs = await loadProtoDefinitions("helloworld/greeter.proto", { includeDirs: [REPO_PROTO] });
    const greeterDef = defs.service("helloworld.Greeter")!;
    expect(defs.services.map((s) => s.fullName)).toEqual(["helloworld.Greeter"]);
    expect(greeterDef.name).toBe("Greeter");
    for (const [key, method] of Object.entries(GreeterService.methods)) {
      const dynamic = greeterDef.methods[key]!;
      expect(dynamic).toMatchObject({
        name: method.name,
        path: method.path,
        requestStream: method.requestStream,
        responseStream: method.responseStream,
      });
    }
    expect(greeterDef.methods.sayHello!.requestType.fullName).toBe("helloworld.HelloRequest");
    expect(defs.messageType("helloworld.HelloReply")?.fullName).toBe("helloworld.HelloReply");
    expect(defs.messageType("helloworld.Greeter")).toBeUndefined();
  });

  it("serves and calls with dynamic definitions, talking to generated code both ways", async () => {
    const defs = await loadProtoDefinitions([join(REPO_PROTO, "helloworld/greeter.proto")]);
    const dynamicGreeter = defs.service("helloworld.Greeter")!;
    const server = createServer().add(dynamicGreeter, {
      sayHello: (request: DynamicMessage) => ({ message: `dyn ${request.name}` }),
      greetMany: async () => ({ message: "" }),
      async *sayHelloStream(request: DynamicMessage) {
        for (let i = 0; i < request.count; i++) yield { message: `${i}` };
      },
      chat: (requests: AsyncIterable<DynamicMessage>) => requests,
    });
    const generatedServer = createServer().add(GreeterService, greeter);
    const [port, generatedPort] = await Promise.all([
      server.listen("127.0.0.1:0"),
      generatedServer.listen("127.0.0.1:0"),
    ]);
    const channel = createChannel(`127.0.0.1:${port}`);
    const generatedChannel = createChannel(`127.0.0.1:${generatedPort}`);
    try {
      expect(await createGreeterClient(channel).sayHello({ name: "Ada" })).toEqual({ message: "dyn Ada" });
      const dynamicClient = createClient(dynamicGreeter, generatedChannel) as Record<string, any>;
      const reply = await dynamicClient.sayHello({ name: "Bob" });
      expect(dynamicGreeter.methods.sayHello!.responseType.toJson(reply)).toEqual({ message: "Hello, Bob!" });
      const streamed: unknown[] = [];
      for await (const r of dynamicClient.sayHelloStream({ name: "x", count: 2 })) streamed.push(r.message);
      expect(streamed).toEqual(["Hello #1, x!", "Hello #2, x!"]);
    } finally {
      channel.close();
      generatedChannel.close();
      await Promise.all([server.forceShutdown(), generatedServer.forceShutdown()]);
    }
  });

  it("converts canonical proto3 JSON, well-known types included", async () => {
    const defs = await loadProtoDefinitions("shop/v1/catalog.proto", { includeDirs: [FIXTURE_PROTO] });
    const item = defs.messageType("shop.v1.Item")!;
    const json = {
      id: "1",
      price: { currency: "EUR", minorUnits: "250" },
      labels: { color: "red" },
      restockAt: "2024-05-01T10:00:00Z",
      views: "9007199254740993",
      thumbnail: "AQID",
      status: "STATUS_ACTIVE",
      note: "fragile",
      attributes: { size: 42, tags: ["a"] },
      updatedAt: "2024-05-01T10:00:00.500Z",
    };
    const message = item.fromJson(json);
    expect(item.toJson(item.decode(item.encode(message).finish()))).toEqual(json);
    // The same bytes as ts-proto's generated codec.
    const decoded = Item.decode(item.encode(message).finish());
    expect(decoded.views).toBe(9007199254740993n);
    expect(decoded.availability).toEqual({ $case: "restockAt", value: new Date("2024-05-01T10:00:00Z") });
    expect(() => item.fromJson({ nope: 1 })).toThrow("nope");
    expect(item.toJson(item.fromJson({ nope: 1, id: "2" }, { ignoreUnknownFields: true }))).toEqual({ id: "2" });
    expect(item.toJson(item.fromPartial({ name: "n" }))).toEqual({ name: "n" });
  });

  it("says which file is missing", async () => {
    await expect(loadProtoDefinitions("nope/missing.proto", { includeDirs: [REPO_PROTO] })).rejects.toThrow(
      "missing.proto",
    );
  });
});

describe("definitionsFromDescriptors", () => {
  it("loads the fileDescriptors generated code embeds", () => {
    const defs = definitionsFromDescriptors(catalog.fileDescriptors);
    expect(defs.services.map((s) => s.fullName)).toEqual(["shop.v1.CatalogService", "shop.v1.LegacyCatalog"]);
    const service = defs.service("shop.v1.CatalogService")!;
    expect(Object.keys(service.methods)).toEqual(Object.keys(catalog.CatalogService.methods));
    expect(service.methods.getLegacy!.path).toBe("/shop.v1.CatalogService/get_legacy");
    const bytes = Item.encode(Item.fromPartial({ id: "7", views: 3n, labels: { a: "b" } })).finish();
    expect(service.methods.getItem!.responseType.toJson(service.methods.getItem!.responseType.decode(bytes))).toEqual({
      id: "7",
      labels: { a: "b" },
      views: "3",
    });
  });

  it("fills in well-known types the descriptors leave out", () => {
    const withoutWkt = catalog.fileDescriptors.filter(
      (d) => !Buffer.from(d, "base64").toString().includes("google/protobuf/timestamp.proto\x12"),
    );
    const defs = definitionsFromDescriptors(withoutWkt);
    expect(defs.messageType("google.protobuf.Timestamp")).toBeDefined();
  });
});

describe("methodKey", () => {
  it("lower-camel-cases like h2rpc generate", () => {
    expect(methodKey("SayHello")).toBe("sayHello");
    expect(methodKey("get_legacy")).toBe("getLegacy");
    expect(methodKey("GET_VALUE")).toBe("getValue");
  });
});
