import { existsSync, realpathSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * The directory of the installed package `name` as Node would find it from each of `fromDirs`
 * in turn (`node_modules/<name>` in the directory or one of its parents), symbolic links
 * resolved; undefined when none has it. Unlike `require.resolve`, it needs neither an `exports`
 * entry for package.json nor a built entry point.
 */
export function findPackageDir(name: string, fromDirs: readonly string[]): string | undefined {
  for (const start of fromDirs) {
    for (let dir = start; ; dir = dirname(dir)) {
      const candidate = join(dir, "node_modules", name);
      if (existsSync(join(candidate, "package.json"))) return realpathSync(candidate);
      if (dirname(dir) === dir) break;
    }
  }
  return undefined;
}
