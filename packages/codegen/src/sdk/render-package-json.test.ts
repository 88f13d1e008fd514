import { describe, expect, it } from "vitest";
import { fixtureModel } from "../test-support/fixture-model.js";
import { MANAGED_FIELDS, renderPackageJson } from "./render-package-json.js";

const model = fixtureModel();
const base = {
  name: "@acme/shop-sdk",
  model,
  dependencies: { h2rpc: "^0.1.0", "@bufbuild/protobuf": "^2.17.0" },
  generator: "@h2rpc/codegen@0.1.0",
};

describe("renderPackageJson", () => {
  it("writes an ES module package with an exports entry per module, dist only, the runtime dependencies", () => {
    const text = renderPackageJson(base);
    expect(text.endsWith("}\n")).toBe(true);
    const json = JSON.parse(text);
    expect(Object.keys(json)).toEqual(MANAGED_FIELDS);
    expect(json).toMatchObject({
      name: "@acme/shop-sdk",
      version: "0.1.0",
      description:
        "Typed h2rpc clients of Lonely, common.v1.AuditService, shop.v1.CatalogService and more, generated from .proto files",
      type: "module",
      sideEffects: false,
      main: "./dist/index.js",
      types: "./dist/index.d.ts",
      files: ["dist"],
      h2rpcSdk: { generator: "@h2rpc/codegen@0.1.0" },
    });
    expect(Object.keys(json.dependencies)).toEqual(["@bufbuild/protobuf", "h2rpc"]);
    expect(json.exports).toEqual({
      ".": { types: "./dist/index.d.ts", default: "./dist/index.js" },
      "./default-package": {
        types: "./dist/packages/default-package.d.ts",
        default: "./dist/packages/default-package.js",
      },
      "./common.v1": { types: "./dist/packages/common.v1.d.ts", default: "./dist/packages/common.v1.js" },
      "./google.protobuf": {
        types: "./dist/packages/google.protobuf.d.ts",
        default: "./dist/packages/google.protobuf.js",
      },
      "./shop.v1": { types: "./dist/packages/shop.v1.d.ts", default: "./dist/packages/shop.v1.js" },
      "./package.json": "./package.json",
    });
  });

  it("takes the given version", () => {
    expect(JSON.parse(renderPackageJson({ ...base, version: "2.0.0-rc.1" })).version).toBe("2.0.0-rc.1");
  });

  it("keeps the previous version, description and the fields it does not manage, after its own", () => {
    const previous = {
      name: "old-name",
      version: "1.4.2",
      description: "Shop clients",
      license: "MIT",
      dependencies: { leftover: "1.0.0" },
      repository: { type: "git", url: "https://example.com/shop.git" },
      h2rpcSdk: { generator: "@h2rpc/codegen@0.0.1" },
    };
    const json = JSON.parse(renderPackageJson({ ...base, previous }));
    expect(json).toMatchObject({ name: "@acme/shop-sdk", version: "1.4.2", description: "Shop clients" });
    expect(json.dependencies).toEqual(base.dependencies);
    expect(json.h2rpcSdk).toEqual({ generator: "@h2rpc/codegen@0.1.0" });
    expect(Object.keys(json)).toEqual([...MANAGED_FIELDS, "license", "repository"]);
    expect(JSON.parse(renderPackageJson({ ...base, previous, version: "1.5.0" })).version).toBe("1.5.0");
  });

  it("is deterministic", () => {
    expect(renderPackageJson(base)).toBe(renderPackageJson({ ...base, model: fixtureModel() }));
  });
});
