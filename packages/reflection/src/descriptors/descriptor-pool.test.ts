import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { ALL_DESCRIPTORS } from "../test-support/servers.js";
import { DescriptorPool } from "./descriptor-pool.js";

const names = (files: Uint8Array[] | undefined) => files?.map((b) => fromBinary(FileDescriptorProtoSchema, b).name);

describe("DescriptorPool", () => {
  const pool = new DescriptorPool(ALL_DESCRIPTORS);

  it("keeps each file once, in the order given, from base64, bytes or FileDescriptorProto", () => {
    expect(pool.fileNames).toContain("helloworld/greeter.proto");
    expect(new Set(pool.fileNames).size).toBe(pool.fileNames.length);
    const proto = create(FileDescriptorProtoSchema, { name: "x.proto", package: "x" });
    const mixed = new DescriptorPool([proto, toBinary(FileDescriptorProtoSchema, { ...proto, name: "y.proto" })]);
    expect(mixed.fileNames).toEqual(["x.proto", "y.proto"]);
  });

  it("finds every kind of symbol, with or without a leading dot", () => {
    const where = (symbol: string) => pool.findSymbol(symbol);
    expect(where("helloworld.Greeter")).toEqual({ file: "helloworld/greeter.proto", kind: "service" });
    expect(where(".helloworld.Greeter.SayHello")).toEqual({ file: "helloworld/greeter.proto", kind: "method" });
    expect(where("shop.v1.Item")).toEqual({ file: "shop/v1/catalog.proto", kind: "message" });
    expect(where("shop.v1.Item.Variant")?.kind).toBe("message");
    expect(where("shop.v1.Item.Variant.Size")?.kind).toBe("enum");
    expect(where("shop.v1.Item.Variant.SIZE_SMALL")?.kind).toBe("enum value");
    expect(where("shop.v1.Item.in_stock")?.kind).toBe("field");
    expect(where("shop.v1.Item.availability")?.kind).toBe("oneof");
    expect(where("shop.v1.Item.LabelsEntry")?.kind).toBe("message");
    expect(where("shop.v1.warehouse")).toEqual({ file: "shop/v1/stock_ext.proto", kind: "extension" });
    expect(where("shop.v1.Shelf.shelf_number")).toEqual({ file: "shop/v1/stock_ext.proto", kind: "extension" });
    expect(where("google.protobuf.Timestamp")?.file).toBe("google/protobuf/timestamp.proto");
    expect(where("shop.v1.Nope")).toBeUndefined();
    expect(where("shop")).toBeUndefined();
  });

  it("finds extensions by extendee and number, and lists a type's extension numbers", () => {
    expect(pool.findExtension("shop.v1.Stock", 100)).toBe("shop/v1/stock_ext.proto");
    expect(pool.findExtension(".shop.v1.Stock", 101)).toBe("shop/v1/stock_ext.proto");
    expect(pool.findExtension("shop.v1.Stock", 102)).toBeUndefined();
    expect(pool.extensionNumbers("shop.v1.Stock")).toEqual([100, 101]);
    expect(pool.extensionNumbers("shop.v1.Item")).toEqual([]);
    expect(pool.extensionNumbers("shop.v1.Nope")).toBeUndefined();
    expect(pool.extensionNumbers("helloworld.Greeter")).toBeUndefined();
  });

  it("returns a file and its transitive dependencies breadth-first, each once", () => {
    expect(names(pool.withDependencies("shop/v1/inventory.proto"))).toEqual([
      "shop/v1/inventory.proto",
      "shop/v1/catalog.proto",
      "shop/v1/stock_ext.proto",
      "common/v1/types.proto",
      "google/protobuf/any.proto",
      "google/protobuf/empty.proto",
      "google/protobuf/struct.proto",
      "google/protobuf/timestamp.proto",
      "google/protobuf/wrappers.proto",
      "shop/v1/stock.proto",
    ]);
    expect(names(pool.withDependencies("helloworld/greeter.proto"))).toEqual(["helloworld/greeter.proto"]);
    expect(pool.withDependencies("nope.proto")).toBeUndefined();
  });

  it("serves the bytes it was given", () => {
    const bytes = Buffer.from(ALL_DESCRIPTORS[0]!, "base64");
    const served = new DescriptorPool([ALL_DESCRIPTORS[0]!]).withDependencies(
      fromBinary(FileDescriptorProtoSchema, bytes).name,
    );
    expect(Buffer.from(served![0]!).equals(bytes)).toBe(true);
  });

  it("skips missing dependencies and reports them", () => {
    const lonely = create(FileDescriptorProtoSchema, { name: "a.proto", dependency: ["missing.proto"] });
    const partial = new DescriptorPool([lonely]);
    expect(names(partial.withDependencies("a.proto"))).toEqual(["a.proto"]);
    expect(partial.missingDependencies()).toEqual(["missing.proto"]);
    expect(pool.missingDependencies()).toEqual([]);
  });

  it("lists the declared services, sorted", () => {
    expect(pool.serviceNames()).toEqual([
      "helloworld.Greeter",
      "shop.v1.CatalogService",
      "shop.v1.Inventory",
      "shop.v1.LegacyCatalog",
    ]);
  });

  it("rejects input that is not a file descriptor", () => {
    expect(() => new DescriptorPool([new Uint8Array([0xff, 0xff])])).toThrow(TypeError);
    expect(() => new DescriptorPool([""])).toThrow("has no file name");
    expect(() => new DescriptorPool([42 as never])).toThrow("base64 string, bytes or a FileDescriptorProto");
  });
});
