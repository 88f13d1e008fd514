import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll } from "vitest";
import { PACKAGE_DIR } from "./ensure-built.js";

/** The fixture .proto files: two packages importing each other, WKTs, every call kind. */
export const FIXTURE_PROTO_DIR = join(PACKAGE_DIR, "test-fixtures", "proto");

const created: string[] = [];

// Registered when a test file first imports this module, so it also covers directories made
// inside tests and hooks.
afterAll(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary directory, deleted after the test file's tests. */
export function tempDir(prefix = "h2rpc-codegen-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** A temporary project with the fixture protos copied to `proto/` (and no buf.yaml). */
export function fixtureProject(): string {
  const dir = tempDir();
  cpSync(FIXTURE_PROTO_DIR, join(dir, "proto"), { recursive: true });
  return dir;
}

/** Writes `files` (path relative to `dir` → content) under `dir`. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}
