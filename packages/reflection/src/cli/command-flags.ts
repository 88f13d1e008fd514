import { type ParseArgsConfig, parseArgs } from "node:util";
import { UsageError } from "./cli-errors.js";

/** Flags every RPC command takes. */
export const COMMON_FLAGS = {
  proto: { type: "string", multiple: true },
  "import-path": { type: "string", multiple: true, short: "I" },
  header: { type: "string", multiple: true, short: "H" },
  timeout: { type: "string" },
  plaintext: { type: "boolean" },
  tls: { type: "boolean" },
  cacert: { type: "string" },
  cert: { type: "string" },
  key: { type: "string" },
  servername: { type: "string" },
  insecure: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const satisfies ParseArgsConfig["options"];

/** Flags only `h2rpc call` takes. */
export const CALL_FLAGS = {
  ...COMMON_FLAGS,
  data: { type: "string", short: "d" },
  verbose: { type: "boolean", short: "v" },
} as const satisfies ParseArgsConfig["options"];

/** The parsed common flags. */
export interface CommonFlags {
  proto?: string[];
  "import-path"?: string[];
  header?: string[];
  timeout?: string;
  plaintext?: boolean;
  tls?: boolean;
  cacert?: string;
  cert?: string;
  key?: string;
  servername?: string;
  insecure?: boolean;
  help?: boolean;
}

/** The parsed flags of `h2rpc call`. */
export interface CallFlags extends CommonFlags {
  data?: string;
  verbose?: boolean;
}

/** Parses `args` with `flags`; throws a {@link UsageError} for an unknown flag or a missing value. */
export function parseFlags<F extends NonNullable<ParseArgsConfig["options"]>, V>(
  args: readonly string[],
  flags: F,
): { values: V; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: [...args], options: flags, allowPositionals: true });
    return { values: values as V, positionals };
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}
