import { type Dirent, readdirSync } from "node:fs";
import { join } from "node:path";

/**
 * Files under `dir`, recursively, as paths relative to it (symbolic links are not followed).
 * A missing directory has no files.
 */
export function listFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (rel: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(join(dir, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = rel === "" ? entry.name : join(rel, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.push(path);
    }
  };
  walk("");
  return files;
}
