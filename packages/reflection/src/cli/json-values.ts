import { CommandError } from "./cli-errors.js";

/**
 * The JSON values of a text stream, one by one as each completes: newline-delimited JSON, or
 * values simply written one after another (`{"a":1} {"a":2}`), pretty-printed or not.
 * @throws {CommandError} naming the value (1-based) that is not valid JSON.
 */
export async function* jsonValues(
  chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
): AsyncGenerator<unknown> {
  const decoder = new TextDecoder();
  const splitter = new JsonSplitter();
  let index = 0;
  for await (const chunk of chunks) {
    const text = typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
    for (const value of splitter.push(text)) yield parse(value, ++index);
  }
  const rest = splitter.end();
  if (rest !== undefined) yield parse(rest, ++index);
}

function parse(text: string, index: number): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CommandError(`request ${index} is not valid JSON: ${error instanceof Error ? error.message : error}`);
  }
}

/** Cuts a text stream into the texts of its top-level JSON values, tracking strings and nesting. */
class JsonSplitter {
  #buffer = "";
  #depth = 0;
  #inString = false;
  #escaped = false;
  #start = -1;

  /** Adds text; returns the values it completed. */
  push(text: string): string[] {
    const values: string[] = [];
    const offset = this.#buffer.length;
    this.#buffer += text;
    for (let i = offset; i < this.#buffer.length; i++) {
      const c = this.#buffer[i]!;
      if (this.#inString) {
        if (this.#escaped) this.#escaped = false;
        else if (c === "\\") this.#escaped = true;
        else if (c === '"') this.#inString = false;
        if (!this.#inString && this.#depth === 0) values.push(this.#cut(i + 1));
        continue;
      }
      if (/\s/.test(c)) {
        if (this.#depth === 0 && this.#start >= 0) values.push(this.#cut(i)); // a bare number, true...
        continue;
      }
      if (this.#start < 0) this.#start = i;
      if (c === '"') this.#inString = true;
      else if (c === "{" || c === "[") this.#depth++;
      else if (c === "}" || c === "]") {
        this.#depth--;
        if (this.#depth <= 0) values.push(this.#cut(i + 1));
      }
    }
    this.#compact();
    return values;
  }

  /** The last, unterminated value (to be reported as invalid JSON if it is), if any. */
  end(): string | undefined {
    const rest = this.#start < 0 ? "" : this.#buffer.slice(this.#start).trim();
    return rest === "" ? undefined : rest;
  }

  #cut(end: number): string {
    const value = this.#buffer.slice(this.#start, end);
    this.#start = -1;
    this.#depth = 0;
    this.#consumed = end;
    return value;
  }

  #consumed = 0;

  #compact(): void {
    const keepFrom = this.#start >= 0 ? this.#start : this.#consumed;
    this.#buffer = this.#buffer.slice(Math.min(keepFrom, this.#buffer.length));
    if (this.#start >= 0) this.#start = 0;
    this.#consumed = 0;
  }
}
