/** What a JSDoc block says about one element. */
export interface DocParts {
  /** A sentence placed before the proto comment, e.g. `Client of pkg.Service.` */
  summary?: string;
  /** The proto comment as protoc reports it (leading, else trailing), if any. */
  comment?: string | undefined;
  /** Adds `@deprecated` (the element has `option deprecated = true`). */
  deprecated?: boolean;
}

/**
 * The lines of a proto comment, ready for JSDoc: the `*` that starts a `/** ...` comment and
 * the one space after `//` removed, trailing spaces and surrounding blank lines dropped.
 */
export function commentLines(comment: string | undefined): string[] {
  if (comment === undefined) return [];
  const text = comment.startsWith("*") ? comment.slice(1) : comment;
  const lines = text.split("\n").map((line) => line.replace(/^ /, "").trimEnd());
  while (lines.length > 0 && lines[0] === "") lines.shift();
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/**
 * The lines of a doc block: the summary and a one-line comment share a line; a longer comment
 * follows the summary after a blank line; `@deprecated` comes last.
 */
export function docLines(parts: DocParts): string[] {
  const comment = commentLines(parts.comment);
  let lines: string[];
  if (parts.summary === undefined) lines = comment;
  else if (comment.length <= 1) lines = [[parts.summary, ...comment].join(" ")];
  else lines = [parts.summary, "", ...comment];
  if (parts.deprecated) lines = lines.length > 0 ? [...lines, "", "@deprecated"] : ["@deprecated"];
  return lines;
}

/**
 * Renders `lines` as a JSDoc block indented by `indent`, ending in a newline: one line when
 * there is one line, nothing when there are none. `*\/` inside the text is escaped.
 */
export function renderJsDoc(lines: readonly string[], indent = ""): string {
  if (lines.length === 0) return "";
  const safe = lines.map((line) => line.replaceAll("*/", "*\\/"));
  if (safe.length === 1) return `${indent}/** ${safe[0]} */\n`;
  const body = safe.map((line) => (line === "" ? `${indent} *` : `${indent} * ${line}`)).join("\n");
  return `${indent}/**\n${body}\n${indent} */\n`;
}
