import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt } from "../test-support/ensure-built.js";
import { tempDir, writeFiles } from "../test-support/temp-dir.js";
import { generate } from "./generate.js";
import { GenerateError } from "./generate-error.js";

beforeAll(ensureBuilt);

/** Runs generate in a project holding `files` and returns the error it throws. */
async function failure(
  files: Record<string, string>,
  options: Parameters<typeof generate>[0] = {},
): Promise<GenerateError> {
  const project = tempDir();
  writeFiles(project, files);
  const error = await generate({ cwd: project, ...options }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GenerateError);
  expect(existsSync(join(project, "src/gen"))).toBe(false);
  return error as GenerateError;
}

const HEADER = 'syntax = "proto3";\npackage bad;\n';

describe("generate errors", () => {
  it("reports a syntax error at its file:line:column", async () => {
    const error = await failure({ "proto/bad/syntax.proto": `${HEADER}message A {\n  string s = 1\n}\n` });
    expect(error.diagnostics).toEqual([
      { file: "proto/bad/syntax.proto", line: 5, column: 1, message: "unexpected `}` after definition" },
    ]);
    expect(error.message).toBe("proto/bad/syntax.proto:5:1: unexpected `}` after definition");
  });

  it("reports an unknown type", async () => {
    const error = await failure({ "proto/bad/unknown.proto": `${HEADER}message A {\n  Nope s = 1;\n}\n` });
    expect(error.message).toBe("proto/bad/unknown.proto:4:3: cannot find `Nope` in this scope");
  });

  it("reports a missing import by name", async () => {
    const error = await failure({ "proto/bad/importer.proto": `${HEADER}import "bad/missing.proto";\n` });
    expect(error.message).toBe('proto/bad/importer.proto:3:1: imported file "bad/missing.proto" does not exist');
  });

  it("reports why protoc-gen-h2rpc failed", async () => {
    const error = await failure({
      "proto/clash.proto": `${HEADER}message M {}\nservice S { rpc GetValue(M) returns (M); rpc get_value(M) returns (M); }\n`,
    });
    expect(error.message).toBe(
      'protoc-gen-h2rpc: clash.proto: service bad.S: methods GetValue and get_value both become "getValue"',
    );
  });

  it("reports every broken file", async () => {
    const error = await failure({
      "proto/a.proto": 'syntax = "proto3";\nmessage A { B b = 1; }\n',
      "proto/b.proto": 'syntax = "proto3";\nmessage C { D d = 1; }\n',
    });
    expect(error.diagnostics.map((d) => `${d.file}:${d.line}`).sort()).toEqual(["proto/a.proto:2", "proto/b.proto:2"]);
  });

  it("explains a missing root, an empty root and a path outside the root", async () => {
    expect((await failure({ "other/x.proto": HEADER })).message).toMatch(
      /^proto root "proto" does not exist \(looked for .*proto\); choose one with --root <dir>$/,
    );
    expect((await failure({ "proto/README.md": "#" })).message).toBe(
      'no .proto files found under the proto root "proto"',
    );
    const outside = await failure(
      { "proto/a.proto": HEADER, "elsewhere/b.proto": HEADER },
      { paths: ["elsewhere/b.proto"] },
    );
    expect(outside.message).toBe(
      'elsewhere/b.proto: not inside the proto root "proto"; choose the root with --root <dir>',
    );
    const missing = await failure({ "proto/a.proto": HEADER }, { paths: ["nope.proto"] });
    expect(missing.message).toBe('nope.proto: no such file or directory (nor under "proto")');
  });

  it("refuses to overwrite a hand-written file", async () => {
    const project = tempDir();
    writeFiles(project, { "proto/a.proto": `${HEADER}message A {}\n`, "gen/a.ts": "// mine\n" });
    await expect(generate({ cwd: project, out: "gen" })).rejects.toThrow(
      "gen/a.ts: would be overwritten but has no generated-code header; move it or choose another --out",
    );
    expect(readFileSync(join(project, "gen/a.ts"), "utf8")).toBe("// mine\n");
  });
});
