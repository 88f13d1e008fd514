// The guides in docs/ against their sources: fails when a snippet block is stale or missing, when a
// TypeScript or proto block has no snippet marker, or when a relative link is broken.
// Fix with `npm run docs:snippets` at the repository root.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, test } from "vitest";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const script = join(root, "scripts", "docs-snippets.mjs");

interface SyncResult {
  problems: string[];
  warnings: string[];
  updated: string[];
}
interface SnippetTool {
  syncDocs(root: string, options?: { write?: boolean }): SyncResult;
  parseRegions(source: string, file?: string): { regions: Map<string, { text: string }>; errors: string[] };
}
const tool = (await import(pathToFileURL(script).href)) as SnippetTool;

test("every snippet of docs/ equals its source region (npm run docs:snippets fixes it)", () => {
  let output: string;
  try {
    output = execFileSync(process.execPath, [script, "--check"], { encoding: "utf8", stdio: "pipe" });
  } catch (error) {
    const { stderr, stdout } = error as { stderr: string; stdout: string };
    expect.fail(`docs are out of sync with examples/docs-snippets:\n${stdout}${stderr}`);
  }
  expect(output).toContain("every snippet is in sync");
});

describe("the sync tool", () => {
  const tmp = mkdtempSync(join(tmpdir(), "docs-snippets-"));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(tmp, path)), { recursive: true });
    writeFileSync(join(tmp, path), text);
  };

  test("nested regions are dedented and leave out inner markers", () => {
    const { regions, errors } = tool.parseRegions(
      [
        "function f() {",
        "  // #region outer",
        "  const a = 1;",
        "  // #region inner",
        "  const b = 2;",
        "  // #endregion",
        "  // #endregion",
        "}",
      ].join("\n"),
    );
    expect(errors).toEqual([]);
    expect(regions.get("outer")?.text).toBe("const a = 1;\nconst b = 2;");
    expect(regions.get("inner")?.text).toBe("const b = 2;");
    expect(tool.parseRegions("// #region a\nx").errors).toEqual(['<source>:1: region "a" has no #endregion']);
  });

  test("stale, missing and unmarked blocks and broken links are reported; --write fixes the snippets", () => {
    write(
      "examples/docs-snippets/src/a.ts",
      "// #region one\nconst one = 1;\n// #endregion\n// #region two\nconst two = 2;\n// #endregion\n",
    );
    write(
      "docs/guide.md",
      [
        "# Guide",
        "<!-- snippet: examples/docs-snippets/src/a.ts#one -->",
        "```ts",
        "const one = 0;",
        "```",
        "<!-- snippet: examples/docs-snippets/src/a.ts#two -->",
        "",
        "See [the other guide](other.md).",
      ].join("\n"),
    );
    const before = tool.syncDocs(tmp);
    expect(before.problems).toEqual([
      "docs/guide.md:2: stale snippet examples/docs-snippets/src/a.ts#one (its block differs from the source region)",
      "docs/guide.md:6: missing snippet examples/docs-snippets/src/a.ts#two (no ``` block after the marker)",
      "docs/guide.md:8: broken link to other.md",
    ]);

    const fixed = tool.syncDocs(tmp, { write: true });
    expect(fixed.updated).toEqual(["docs/guide.md (2 snippets)"]);
    expect(fixed.problems).toEqual(["docs/guide.md:8: broken link to other.md"]);
    expect(readFileSync(join(tmp, "docs/guide.md"), "utf8")).toBe(
      [
        "# Guide",
        "<!-- snippet: examples/docs-snippets/src/a.ts#one -->",
        "```ts",
        "const one = 1;",
        "```",
        "<!-- snippet: examples/docs-snippets/src/a.ts#two -->",
        "```ts",
        "const two = 2;",
        "```",
        "",
        "See [the other guide](other.md).",
      ].join("\n"),
    );

    write(
      "docs/other.md",
      "```ts\nconst unmarked = true;\n```\n<!-- snippet: examples/docs-snippets/src/a.ts#three -->\n",
    );
    expect(tool.syncDocs(tmp).problems).toEqual([
      "docs/other.md:1: ```ts block without a snippet marker: move the code into examples/docs-snippets and add <!-- snippet: path#region --> before it",
      'docs/other.md:4: examples/docs-snippets/src/a.ts has no region "three"',
    ]);
  });
});
