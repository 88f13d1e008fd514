import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmdirSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { dirname, isAbsolute, join, relative } from "node:path";
import { isGeneratedText } from "../generated-header.js";
import { displayPath } from "./display-path.js";
import { GenerateError } from "./generate-error.js";
import { listFiles } from "./list-files.js";

/** What {@link syncGeneratedFiles} did, paths relative to the output directory. */
export interface SyncResult {
  /** Every generated file, sorted. */
  readonly files: readonly string[];
  /** The generated files that changed or are new. */
  readonly written: readonly string[];
  /** Stale generated files deleted from the output directory. */
  readonly removed: readonly string[];
}

/** Options of {@link syncGeneratedFiles}. */
export interface SyncOptions {
  /** Delete stale generated files from the output directory. */
  readonly clean: boolean;
  /** Directory paths in error messages are relative to. */
  readonly cwd: string;
}

/**
 * Copies the files generated into `stagingDir` to `outDir`, writing only those that changed.
 * Refuses (before writing anything) to overwrite a file without the generated-code header.
 * With `clean`, also deletes the generated files of `outDir` that this run did not produce
 * (files with the header only: hand-written code is never touched) and the directories this
 * leaves empty.
 */
export function syncGeneratedFiles(stagingDir: string, outDir: string, options: SyncOptions): SyncResult {
  const files = listFiles(stagingDir).sort();
  const pending = files.map((file) => ({
    file,
    content: readFileSync(join(stagingDir, file)),
    previous: readOrUndefined(join(outDir, file)),
  }));
  const handWritten = pending.filter((p) => p.previous !== undefined && !isGeneratedText(p.previous.toString("utf8")));
  if (handWritten.length > 0) {
    throw new GenerateError(
      handWritten.map((p) => ({
        file: displayPath(join(outDir, p.file), options.cwd),
        message: "would be overwritten but has no generated-code header; move it or choose another --out",
      })),
    );
  }
  const written: string[] = [];
  for (const p of pending) {
    if (p.previous?.equals(p.content)) continue;
    mkdirSync(dirname(join(outDir, p.file)), { recursive: true });
    writeFileSync(join(outDir, p.file), p.content);
    written.push(p.file);
  }
  const removed = options.clean ? removeStale(outDir, new Set(files)) : [];
  return { files, written, removed };
}

function removeStale(outDir: string, keep: ReadonlySet<string>): string[] {
  const stale = listFiles(outDir).filter(
    (file) => !keep.has(file) && file.endsWith(".ts") && isGeneratedText(readHead(join(outDir, file))),
  );
  for (const file of stale) unlinkSync(join(outDir, file));
  for (const file of stale) removeEmptyParents(outDir, dirname(join(outDir, file)));
  return stale.sort();
}

/** Deletes `dir` and its parents up to (not including) `outDir` while they are empty. */
function removeEmptyParents(outDir: string, dir: string): void {
  for (let d = dir; isStrictlyInside(outDir, d); d = dirname(d)) {
    const entries = readdirOrUndefined(d);
    if (entries === undefined) continue; // already deleted for another stale file
    if (entries.length > 0) return;
    rmdirSync(d);
  }
}

function isStrictlyInside(parent: string, path: string): boolean {
  const rel = relative(parent, path);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel);
}

function readdirOrUndefined(dir: string): string[] | undefined {
  try {
    return readdirSync(dir);
  } catch {
    return undefined;
  }
}

function readOrUndefined(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/** The first bytes of a file: enough for its header line. */
function readHead(path: string): string {
  const fd = openSync(path, "r");
  try {
    const buffer = Buffer.alloc(128);
    return buffer.toString("utf8", 0, readSync(fd, buffer, 0, buffer.length, 0));
  } finally {
    closeSync(fd);
  }
}
