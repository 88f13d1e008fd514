import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir, writeFiles } from "../test-support/temp-dir.js";
import { resolveProtoInputs } from "./proto-inputs.js";

describe("resolveProtoInputs", () => {
  const cwd = tempDir();
  writeFiles(cwd, { "proto/a/a.proto": "", "proto/b/b.proto": "", "proto/notes.txt": "", "other/c.proto": "" });

  it("resolves the root, and no paths to everything", () => {
    expect(resolveProtoInputs(cwd, "proto", [])).toEqual({ root: join(cwd, "proto"), paths: [] });
  });

  it("resolves paths relative to cwd or to the root", () => {
    expect(resolveProtoInputs(cwd, "proto", ["proto/a/a.proto", "b/b.proto", "a"]).paths).toEqual([
      join(cwd, "proto/a/a.proto"),
      join(cwd, "proto/b/b.proto"),
      join(cwd, "proto/a"),
    ]);
  });

  it("rejects paths that are missing, outside the root or not .proto files", () => {
    expect(() => resolveProtoInputs(cwd, "proto", ["x.proto"])).toThrow(
      'x.proto: no such file or directory (nor under "proto")',
    );
    expect(() => resolveProtoInputs(cwd, "proto", ["other/c.proto"])).toThrow(
      'other/c.proto: not inside the proto root "proto"',
    );
    expect(() => resolveProtoInputs(cwd, "proto", ["notes.txt"])).toThrow("notes.txt: not a .proto file");
  });

  it("rejects a missing root, a file as root and a root without .proto files", () => {
    expect(() => resolveProtoInputs(cwd, "protos", [])).toThrow('proto root "protos" does not exist');
    expect(() => resolveProtoInputs(cwd, "proto/notes.txt", [])).toThrow(
      'proto root "proto/notes.txt" is not a directory',
    );
    writeFiles(cwd, { "empty/readme.md": "" });
    expect(() => resolveProtoInputs(cwd, "empty", [])).toThrow('no .proto files found under the proto root "empty"');
  });
});
