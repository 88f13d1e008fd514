import { createInterface } from "node:readline";
import type { Readable } from "node:stream";

/** Writes each line of `input` through `write`, prefixed with `[prefix] `. */
export function prefixLines(input: Readable, prefix: string, write: (line: string) => void): void {
  createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY }).on("line", (line) => write(`[${prefix}] ${line}`));
}
