import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GenerateError } from "../generate/generate-error.js";
import { PACKAGE_DIR } from "../test-support/ensure-built.js";
import { tempDir, writeFiles } from "../test-support/temp-dir.js";
import { compileSdk, findSdkDependencies } from "./compile-sdk.js";
import { findPackageDir } from "./find-package-dir.js";
import { renderTsconfig } from "./render-tsconfig.js";

describe("findPackageDir", () => {
  it("finds a package in node_modules of a directory or its parents, links resolved", () => {
    const dir = findPackageDir("typescript", [tempDir(), join(PACKAGE_DIR, "src", "sdk")]);
    expect(JSON.parse(readFileSync(join(dir!, "package.json"), "utf8")).name).toBe("typescript");
    expect(findPackageDir("no-such-package-h2rpc", [tempDir()])).toBeUndefined();
  });
});

describe("findSdkDependencies", () => {
  it("finds the built h2rpc and @bufbuild/protobuf", () => {
    const { h2rpc, protobuf } = findSdkDependencies([tempDir(), PACKAGE_DIR]);
    expect(existsSync(join(h2rpc, "dist", "index.d.ts"))).toBe(true);
    expect(JSON.parse(readFileSync(join(protobuf, "package.json"), "utf8")).name).toBe("@bufbuild/protobuf");
  });

  it("explains a missing or unbuilt h2rpc", () => {
    expect(() => findSdkDependencies([tempDir()])).toThrow(
      new GenerateError(
        "cannot find the h2rpc package, which the SDK is compiled against: install it (npm install h2rpc)",
      ),
    );
    const project = tempDir();
    writeFiles(project, {
      "node_modules/h2rpc/package.json": JSON.stringify({ exports: { ".": { types: "./dist/index.d.ts" } } }),
    });
    expect(() => findSdkDependencies([project])).toThrow(
      /^the h2rpc package in .* is not built \(\.\/dist\/index\.d\.ts is missing\): build it first$/,
    );
  });
});

describe("compileSdk", () => {
  it("compiles src/ to dist/ with declarations", async () => {
    const dir = tempDir();
    writeFiles(dir, {
      "package.json": JSON.stringify({ type: "module" }),
      "tsconfig.json": renderTsconfig(),
      "src/index.ts":
        'import type { Channel } from "h2rpc";\nexport const target = (c: Channel): string => c.target;\n',
    });
    await compileSdk(dir, findSdkDependencies([PACKAGE_DIR]));
    expect(readFileSync(join(dir, "dist", "index.d.ts"), "utf8")).toContain("export declare const target");
    expect(existsSync(join(dir, "dist", "index.js"))).toBe(true);
  });

  it("reports tsc's errors", async () => {
    const dir = tempDir();
    writeFiles(dir, {
      "package.json": JSON.stringify({ type: "module" }),
      "tsconfig.json": renderTsconfig(),
      "src/index.ts": 'export const n: number = "one";\n',
    });
    const error = await compileSdk(dir, findSdkDependencies([PACKAGE_DIR])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GenerateError);
    expect((error as Error).message).toMatch(
      /^compiling the SDK failed \(tsc exit code 2\); .*\nsrc\/index\.ts\(1,14\): error TS2322/,
    );
  });
});
