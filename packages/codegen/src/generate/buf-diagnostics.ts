import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { displayPath } from "./display-path.js";
import type { Diagnostic } from "./generate-error.js";

/** One line of `buf --error-format json` output. */
interface BufJsonError {
  path?: string;
  start_line?: number;
  start_column?: number;
  message?: string;
}

/**
 * The problems buf reported on stderr (run with `--error-format json`): compile errors with
 * their place, paths made relative to `cwd`; other lines (`Failure: ...`, plugin output) as
 * plain messages, without buf's bare "plugin ...: exit status 1" when the plugin said why.
 */
export function parseBufErrors(stderr: string, cwd: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const raw of stderr.split("\n")) {
    const line = raw.trim();
    if (line === "") continue;
    const json = parseJson(line);
    if (json?.message === undefined) {
      diagnostics.push({ message: line.replace(/^Failure: /, "") });
      continue;
    }
    const file = json.path === undefined ? undefined : resolve(cwd, json.path);
    diagnostics.push({
      file: file === undefined ? undefined : displayPath(file, cwd),
      line: json.start_line,
      column: json.start_column,
      message: file === undefined ? json.message : clarify(json.message, file, json.start_line),
    });
  }
  // buf follows a failed plugin's own message with "plugin <command>: exit status 1".
  const informative = diagnostics.filter((d) => !PLUGIN_EXIT.test(d.message));
  return informative.length > 0 ? informative : diagnostics;
}

const PLUGIN_EXIT = /^plugin .*: exit status \d+$/;

function parseJson(line: string): BufJsonError | undefined {
  if (!line.startsWith("{")) return undefined;
  try {
    return JSON.parse(line) as BufJsonError;
  } catch {
    return undefined;
  }
}

/** Names the missing file in buf's bare "imported file does not exist". */
function clarify(message: string, file: string, line: number | undefined): string {
  if (message !== "imported file does not exist" || line === undefined) return message;
  try {
    const source = readFileSync(file, "utf8").split("\n")[line - 1] ?? "";
    const imported = /import\s+(?:public\s+|weak\s+)?"([^"]+)"/.exec(source)?.[1];
    return imported === undefined ? message : `imported file "${imported}" does not exist`;
  } catch {
    return message;
  }
}
