import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { listFiles } from "../generate/list-files.js";

/** The package directory (packages/codegen). */
export const PACKAGE_DIR = fileURLToPath(new URL("../..", import.meta.url));

/** How to run TypeScript's `tsc` (the workspace's TS 7) with Node. */
export function tscCommand(): [string, string] {
  const packageJson = createRequire(import.meta.url).resolve("typescript/package.json");
  return [process.execPath, join(dirname(packageJson), "bin", "tsc")];
}

/**
 * Builds dist/ (tsc -p tsconfig.build.json) when a source file is newer than its output, so
 * buf can run dist/protoc-gen-h2rpc.js. Test files run in parallel workers: a lock directory
 * makes one build while the others wait.
 */
export function ensureBuilt(): void {
  if (isBuilt()) return;
  const lock = join(tmpdir(), `h2rpc-codegen-build-${Buffer.from(PACKAGE_DIR).toString("hex").slice(-32)}.lock`);
  acquire(lock);
  try {
    if (isBuilt()) return;
    const [node, tsc] = tscCommand();
    execFileSync(node, [tsc, "-p", "tsconfig.build.json"], { cwd: PACKAGE_DIR, stdio: "pipe" });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function isBuilt(): boolean {
  const sources = listFiles(join(PACKAGE_DIR, "src")).filter(
    (file) => file.endsWith(".ts") && !file.endsWith(".test.ts") && !file.startsWith("test-support"),
  );
  return sources.every((file) => {
    const output = statSync(join(PACKAGE_DIR, "dist", file.replace(/\.ts$/, ".js")), { throwIfNoEntry: false });
    return output !== undefined && output.mtimeMs >= statSync(join(PACKAGE_DIR, "src", file)).mtimeMs;
  });
}

function acquire(lock: string): void {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 60_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for the build lock ${lock}`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    }
  }
}
