#!/usr/bin/env node
// Keeps the code blocks of docs/**/*.md equal to the source regions they are taken from.
//
// In a guide, a marker line names a region of a file (path relative to the repository root):
//
//   <!-- snippet: examples/docs-snippets/src/calls.ts#unary-call -->
//   ```ts
//   ...the region's text, dedented...
//   ```
//
// In the source, the region is delimited by comment lines (`//` or `#` comments; regions may nest,
// the marker lines of inner regions are left out of the outer one's text):
//
//   // #region unary-call
//   const reply = await client.sayHello({ name: "Ada" });
//   // #endregion
//
// --check  exits 1 listing every stale or missing snippet, every ts/js/proto block without a marker
//          and every relative link to a file (or a Markdown heading) that does not exist.
// --write  rewrites (or inserts) the fenced block after every marker from the sources, then reports
//          what it could not fix (unknown files or regions, unmarked blocks, broken links).
// Regions nobody uses are reported as warnings. No dependencies: plain Node.js.

import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, extname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const USAGE = `Usage: node scripts/docs-snippets.mjs (--check | --write) [--root <dir>]

  --check       exit 1 listing stale or missing snippets, unmarked code blocks and broken links
  --write       rewrite every snippet block of docs/**/*.md from its source region
  --root <dir>  repository root (default: the parent of this script's directory)
`;

/** Code block languages that must come from a snippet region. */
const MARKED_LANGUAGES = new Set(["ts", "typescript", "tsx", "js", "javascript", "mjs", "proto", "protobuf"]);
/** The fence language written for a source file, by extension. */
const LANGUAGE_BY_EXTENSION = {
  ".ts": "ts",
  ".mts": "ts",
  ".cts": "ts",
  ".tsx": "tsx",
  ".js": "js",
  ".mjs": "js",
  ".proto": "proto",
  ".sh": "sh",
  ".yaml": "yaml",
  ".yml": "yaml",
};
/** Where regions live; regions there that no guide uses are reported. */
const SNIPPET_SOURCES = "examples/docs-snippets";

const MARKER = /^<!--\s*snippet:\s*(\S+?)#([\w.-]+)\s*-->\s*$/;
const REGION_START = /^\s*(?:\/\/|#)\s*#region\s+([\w.-]+)\s*$/;
const REGION_END = /^\s*(?:\/\/|#)\s*#endregion\b/;
const FENCE_OPEN = /^```\s*([\w+-]*)\s*$/;
const FENCE_CLOSE = /^```\s*$/;

/**
 * Reads the regions of one source file.
 * @returns {{ regions: Map<string, { text: string, line: number }>, errors: string[] }}
 */
export function parseRegions(source, file = "<source>") {
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  const regions = new Map();
  const errors = [];
  const open = []; // { name, line, body: string[] }
  lines.forEach((line, i) => {
    const start = REGION_START.exec(line);
    if (start !== null) {
      open.push({ name: start[1], line: i + 1, body: [] });
      return;
    }
    if (REGION_END.test(line)) {
      const region = open.pop();
      if (region === undefined) {
        errors.push(`${file}:${i + 1}: #endregion without a #region`);
        return;
      }
      if (regions.has(region.name)) errors.push(`${file}:${region.line}: region "${region.name}" defined twice`);
      else regions.set(region.name, { text: dedent(region.body), line: region.line });
      return;
    }
    for (const region of open) region.body.push(line);
  });
  for (const region of open) errors.push(`${file}:${region.line}: region "${region.name}" has no #endregion`);
  return { regions, errors };
}

/** Removes the indentation common to every non-blank line, and blank lines at both ends. */
export function dedent(lines) {
  const body = [...lines];
  while (body.length > 0 && body[0].trim() === "") body.shift();
  while (body.length > 0 && body[body.length - 1].trim() === "") body.pop();
  const indents = body.filter((l) => l.trim() !== "").map((l) => /^ */.exec(l)[0].length);
  const cut = indents.length === 0 ? 0 : Math.min(...indents);
  return body.map((l) => (l.trim() === "" ? "" : l.slice(cut).trimEnd())).join("\n");
}

/**
 * Checks (and with `write`, fixes) every guide under `<root>/docs`.
 * @returns {{ problems: string[], warnings: string[], updated: string[] }} problems left, warnings, files rewritten
 */
export function syncDocs(root, { write = false } = {}) {
  const problems = [];
  const warnings = [];
  const updated = [];
  const sources = new Map(); // path -> { regions, errors } | null (missing)
  const used = new Set(); // "path#region"

  const regionsOf = (path) => {
    if (!sources.has(path)) {
      const full = resolve(root, path);
      if (!full.startsWith(resolve(root) + sep) || !existsSync(full) || !statSync(full).isFile()) {
        sources.set(path, null);
      } else {
        const parsed = parseRegions(readFileSync(full, "utf8"), path);
        problems.push(...parsed.errors);
        sources.set(path, parsed);
      }
    }
    return sources.get(path);
  };

  for (const doc of markdownFiles(join(root, "docs"))) {
    const docPath = relative(root, doc).split(sep).join("/");
    const original = readFileSync(doc, "utf8").replace(/\r\n?/g, "\n");
    const lines = original.split("\n");
    const out = [];
    let fixed = 0;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      const marker = MARKER.exec(line);
      if (marker === null) {
        const fence = FENCE_OPEN.exec(line);
        if (fence !== null) {
          // an unmarked block: copy it through, complaining if it is code that should be compiled
          if (MARKED_LANGUAGES.has(fence[1].toLowerCase())) {
            problems.push(
              `${docPath}:${i + 1}: \`\`\`${fence[1]} block without a snippet marker: move the code into ${SNIPPET_SOURCES} and add <!-- snippet: path#region --> before it`,
            );
          }
          const end = closingFence(lines, i);
          for (let j = i; j <= end; j++) out.push(lines[j]);
          i = end;
          continue;
        }
        checkLinks(root, doc, docPath, line, i + 1, problems);
        out.push(line);
        continue;
      }
      out.push(line);
      const [, path, name] = marker;
      const where = `${docPath}:${i + 1}`;
      const hasBlock = i + 1 < lines.length && FENCE_OPEN.test(lines[i + 1]);
      const blockEnd = hasBlock ? closingFence(lines, i + 1) : i;
      const current = hasBlock ? lines.slice(i + 1, blockEnd + 1).join("\n") : undefined;
      const parsed = regionsOf(path);
      const region = parsed?.regions.get(name);
      if (parsed === null) problems.push(`${where}: snippet source ${path} does not exist`);
      else if (region === undefined) problems.push(`${where}: ${path} has no region "${name}"`);
      if (region === undefined) {
        if (hasBlock) out.push(...lines.slice(i + 1, blockEnd + 1));
        i = blockEnd;
        continue;
      }
      used.add(`${path}#${name}`);
      const language = LANGUAGE_BY_EXTENSION[extname(path)] ?? "";
      const wanted = `\`\`\`${language}\n${region.text}\n\`\`\``;
      if (current !== wanted) {
        if (write) fixed++;
        else
          problems.push(
            hasBlock
              ? `${where}: stale snippet ${path}#${name} (its block differs from the source region)`
              : `${where}: missing snippet ${path}#${name} (no \`\`\` block after the marker)`,
          );
      }
      out.push(...wanted.split("\n"));
      i = blockEnd;
    }
    if (write && fixed > 0) {
      writeFileSync(doc, out.join("\n"));
      updated.push(`${docPath} (${fixed} snippet${fixed === 1 ? "" : "s"})`);
    }
  }

  for (const file of sourceFiles(join(root, SNIPPET_SOURCES))) {
    const path = relative(root, file).split(sep).join("/");
    const parsed = regionsOf(path);
    for (const [name, region] of parsed?.regions ?? []) {
      if (!used.has(`${path}#${name}`)) warnings.push(`${path}:${region.line}: region "${name}" is used by no guide`);
    }
  }
  return { problems: [...new Set(problems)], warnings, updated };
}

/** The index of the line closing the fence opened at `start` (the last line if it is never closed). */
function closingFence(lines, start) {
  for (let j = start + 1; j < lines.length; j++) if (FENCE_CLOSE.test(lines[j])) return j;
  return lines.length - 1;
}

/** Reports relative Markdown links (`[text](path#anchor)`) to a file that does not exist, or a heading that does not. */
function checkLinks(root, doc, docPath, line, lineNumber, problems) {
  for (const match of line.matchAll(/\]\(([^)\s]+)\)/g)) {
    const target = match[1];
    if (/^[a-z][\w+.-]*:/i.test(target)) continue;
    const [pathPart, anchor] = target.split("#");
    const full = pathPart === "" ? doc : resolve(dirname(doc), decodeURIComponent(pathPart));
    if (!existsSync(full) || !full.startsWith(resolve(root))) {
      problems.push(`${docPath}:${lineNumber}: broken link to ${target}`);
    } else if (anchor !== undefined && full.endsWith(".md") && !headingAnchors(full).has(anchor)) {
      problems.push(`${docPath}:${lineNumber}: broken link to ${target} (no such heading)`);
    }
  }
}

const anchorCache = new Map();

/** The anchors GitHub gives the headings of a Markdown file (fenced blocks skipped). */
export function headingAnchors(file) {
  if (anchorCache.has(file)) return anchorCache.get(file);
  const anchors = new Set();
  const seen = new Map();
  let inFence = false;
  for (const line of readFileSync(file, "utf8").split(/\r?\n/)) {
    if (/^```/.test(line)) inFence = !inFence;
    const heading = inFence ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading === null) continue;
    const slug = heading[1]
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  anchorCache.set(file, anchors);
  return anchors;
}

function* markdownFiles(dir) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) yield* markdownFiles(full);
    else if (entry.name.endsWith(".md")) yield full;
  }
}

function* sourceFiles(dir) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (["node_modules", "dist", "gen", ".turbo"].includes(entry.name)) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(full);
    else if (extname(entry.name) in LANGUAGE_BY_EXTENSION) yield full;
  }
}

function main(argv) {
  let mode;
  let root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--check" || arg === "--write") mode = arg.slice(2);
    else if (arg === "--root" && i + 1 < argv.length) root = resolve(argv[++i]);
    else if (arg === "-h" || arg === "--help") {
      process.stdout.write(USAGE);
      return 0;
    } else {
      process.stderr.write(`docs-snippets: unexpected argument ${JSON.stringify(arg)}\n${USAGE}`);
      return 2;
    }
  }
  if (mode === undefined) {
    process.stderr.write(USAGE);
    return 2;
  }
  const { problems, warnings, updated } = syncDocs(root, { write: mode === "write" });
  for (const file of updated) process.stdout.write(`docs-snippets: updated ${file}\n`);
  for (const warning of warnings) process.stderr.write(`docs-snippets: warning: ${warning}\n`);
  for (const problem of problems) process.stderr.write(`docs-snippets: ${problem}\n`);
  if (problems.length > 0) {
    const stale = problems.some((p) => / (stale|missing) snippet /.test(p));
    process.stderr.write(
      `docs-snippets: ${problems.length} problem${problems.length === 1 ? "" : "s"}${stale ? "; run `npm run docs:snippets` to rewrite the snippet blocks from their sources" : ""}\n`,
    );
    return 1;
  }
  if (mode === "check") process.stdout.write("docs-snippets: every snippet is in sync\n");
  return 0;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
