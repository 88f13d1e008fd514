import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { arch, endianness } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { GenerateError } from "./generate-error.js";

/** A command line: the executable, then its leading arguments. */
export type Command = readonly [string, ...string[]];

const require = createRequire(import.meta.url);

/** buf's platform packages, keyed like buf's own launcher (`platform arch endianness`). */
const BUF_PLATFORM_PACKAGES: Record<string, string> = {
  "darwin arm64 LE": "@bufbuild/buf-darwin-arm64",
  "darwin x64 LE": "@bufbuild/buf-darwin-x64",
  "linux arm64 LE": "@bufbuild/buf-linux-aarch64",
  "linux arm LE": "@bufbuild/buf-linux-armv7",
  "linux x64 LE": "@bufbuild/buf-linux-x64",
  "win32 arm64 LE": "@bufbuild/buf-win32-arm64",
  "win32 x64 LE": "@bufbuild/buf-win32-x64",
};

/**
 * How to run buf from the installed @bufbuild/buf package (never from PATH): its native binary
 * when the platform package is installed, else the package's Node launcher.
 */
export function bufCommand(): Command {
  const bufPackageJson = resolveFrom(require, "@bufbuild/buf/package.json", "@bufbuild/buf");
  const platformPackage = BUF_PLATFORM_PACKAGES[`${process.platform} ${arch()} ${endianness()}`];
  if (platformPackage !== undefined) {
    const exe = process.platform === "win32" ? "buf.exe" : "buf";
    try {
      return [createRequire(bufPackageJson).resolve(`${platformPackage}/bin/${exe}`)];
    } catch {
      // Not installed for this platform: fall back to the launcher, which can download it.
    }
  }
  return [process.execPath, join(dirname(bufPackageJson), "bin", "buf")];
}

/** How to run ts-proto's protoc plugin, with this Node binary. */
export function tsProtoCommand(): Command {
  return [process.execPath, resolveFrom(require, "ts-proto/protoc-gen-ts_proto", "ts-proto")];
}

/** How to run TypeScript's `tsc` from the installed typescript package, with this Node binary. */
export function tscCommand(): Command {
  const packageJson = resolveFrom(require, "typescript/package.json", "typescript");
  return [process.execPath, join(dirname(packageJson), "bin", "tsc")];
}

/**
 * How to run protoc-gen-h2rpc: the package's built `dist/protoc-gen-h2rpc.js`, with this Node
 * binary (from `src/` too, which sits next to `dist/`).
 */
export function h2rpcPluginCommand(): Command {
  const plugin = fileURLToPath(new URL("../../dist/protoc-gen-h2rpc.js", import.meta.url));
  if (!existsSync(plugin)) {
    throw new GenerateError(`${plugin} is missing: build @h2rpc/codegen first (npm run build -w @h2rpc/codegen)`);
  }
  return [process.execPath, plugin];
}

function resolveFrom(req: NodeJS.Require, specifier: string, packageName: string): string {
  try {
    return req.resolve(specifier);
  } catch {
    throw new GenerateError(`cannot find the package ${packageName}; reinstall @h2rpc/codegen's dependencies`);
  }
}
