import { isAbsolute, relative } from "node:path";

/** `path` relative to `cwd` when it is inside it (`.` for `cwd` itself), else as given. */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  if (rel === "") return ".";
  return rel.startsWith("..") || isAbsolute(rel) ? path : rel;
}
