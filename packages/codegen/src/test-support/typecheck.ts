import { spawnSync } from "node:child_process";
import { symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { PACKAGE_DIR, tscCommand } from "./ensure-built.js";
import { writeFiles } from "./temp-dir.js";

/** The stub of the "h2rpc" runtime module generated code is compiled against. */
export const H2RPC_STUB = join(PACKAGE_DIR, "test-fixtures", "h2rpc-stub", "index.d.ts");

/**
 * Type-checks the TypeScript under `dir` (the `include` globs) with tsc --noEmit, strict,
 * ESM/NodeNext, `noUnusedLocals`, with "h2rpc" mapped to {@link H2RPC_STUB} and the
 * workspace's node_modules linked in. Resolves tsc's exit code and output.
 */
export function typecheck(dir: string, include: readonly string[]): { exitCode: number; output: string } {
  const nodeModules = dirname(dirname(createRequire(import.meta.url).resolve("typescript/package.json")));
  symlinkSync(nodeModules, join(dir, "node_modules"), "dir");
  const compilerOptions = {
    target: "ES2022",
    lib: ["ES2023"],
    module: "NodeNext",
    moduleResolution: "NodeNext",
    types: ["node"],
    strict: true,
    noUnusedLocals: true,
    noImplicitOverride: true,
    verbatimModuleSyntax: true,
    isolatedModules: true,
    skipLibCheck: true,
    noEmit: true,
    paths: { h2rpc: [H2RPC_STUB] },
  };
  writeFiles(dir, {
    "package.json": JSON.stringify({ type: "module" }),
    "tsconfig.json": JSON.stringify({ compilerOptions, include }),
  });
  const [node, tsc] = tscCommand();
  const result = spawnSync(node, [tsc, "-p", dir], { encoding: "utf8" });
  return { exitCode: result.status ?? 1, output: `${result.stdout}${result.stderr}` };
}
