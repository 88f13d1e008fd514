import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, symlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import { GenerateError } from "../generate/generate-error.js";
import { type Command, tscCommand } from "../generate/tool-paths.js";
import { findPackageDir } from "./find-package-dir.js";

/** The installed packages the SDK is compiled against (their directories). */
export interface SdkDependencies {
  /** The h2rpc runtime, built (its type declarations present). */
  readonly h2rpc: string;
  /** @bufbuild/protobuf, which ts-proto's code imports. */
  readonly protobuf: string;
}

/**
 * Finds h2rpc and @bufbuild/protobuf as Node would from each of `searchFrom` in turn (the SDK
 * directory, the working directory, @h2rpc/codegen itself).
 * @throws {GenerateError} when h2rpc is not installed or not built.
 */
export function findSdkDependencies(searchFrom: readonly string[]): SdkDependencies {
  const h2rpc = findPackageDir("h2rpc", searchFrom);
  if (h2rpc === undefined) {
    throw new GenerateError(
      "cannot find the h2rpc package, which the SDK is compiled against: install it (npm install h2rpc)",
    );
  }
  const types = typesEntry(h2rpc);
  if (!existsSync(join(h2rpc, types))) {
    throw new GenerateError(`the h2rpc package in ${h2rpc} is not built (${types} is missing): build it first`);
  }
  const protobuf = findPackageDir("@bufbuild/protobuf", [...searchFrom, h2rpc]);
  if (protobuf === undefined) throw new GenerateError("cannot find the package @bufbuild/protobuf; reinstall h2rpc");
  return { h2rpc, protobuf };
}

/**
 * Compiles the SDK in `dir` (`src/` → `dist/`, JavaScript and declarations, with its
 * tsconfig.json) using the typescript package @h2rpc/codegen depends on. Links `dependencies`
 * into `dir/node_modules` first, so that `dir` can be a fresh temporary directory.
 * @throws {GenerateError} with tsc's output when it reports errors.
 */
export async function compileSdk(dir: string, dependencies: SdkDependencies): Promise<void> {
  link(dependencies.h2rpc, join(dir, "node_modules", "h2rpc"));
  link(dependencies.protobuf, join(dir, "node_modules", "@bufbuild", "protobuf"));
  const { exitCode, output } = await run(tscCommand(), ["-p", join(dir, "tsconfig.json")], dir);
  if (exitCode !== 0) {
    throw new GenerateError(
      `compiling the SDK failed (tsc exit code ${exitCode}); does the installed h2rpc match @h2rpc/codegen?\n${output.trimEnd()}`,
    );
  }
}

function typesEntry(packageDir: string): string {
  const json = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as {
    types?: string;
    exports?: { ".": { types?: string } };
  };
  return json.exports?.["."]?.types ?? json.types ?? "index.d.ts";
}

function link(target: string, path: string): void {
  if (existsSync(path)) return;
  mkdirSync(dirname(path), { recursive: true });
  symlinkSync(target, path, "junction");
}

function run(command: Command, args: readonly string[], cwd: string): Promise<{ exitCode: number; output: string }> {
  const [exe, ...leading] = command;
  return new Promise((resolve, reject) => {
    const child = spawn(exe, [...leading, ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.on("error", (error) => reject(new GenerateError(`cannot run tsc (${exe}): ${error.message}`)));
    child.on("close", (code, signal) => {
      resolve({ exitCode: code ?? (signal ? 128 : 1), output: Buffer.concat(chunks).toString("utf8") });
    });
  });
}
