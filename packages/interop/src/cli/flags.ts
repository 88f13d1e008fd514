/**
 * Command-line flags in gRPC's interop style: `--name=value` or `--name value`; booleans also as
 * a bare `--name` (true). Unknown flags and stray arguments are usage errors.
 */

/** One flag a program accepts. */
export interface FlagSpec {
  readonly kind: "string" | "port" | "boolean";
  /** Shown in the usage text. */
  readonly help: string;
  /** Value when the flag is absent; a flag without a default is required. */
  readonly default?: string | number | boolean;
}

/** The parsed value of each flag of `S`. */
export type Flags<S extends Record<string, FlagSpec>> = {
  [K in keyof S]: S[K]["kind"] extends "port" ? number : S[K]["kind"] extends "boolean" ? boolean : string;
};

/** A command line that cannot be run; its message goes before the usage text. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** The result of parsing: the flags, or a request for help. */
export type ParseResult<S extends Record<string, FlagSpec>> = { help: true } | { help: false; flags: Flags<S> };

/** Parses `argv` (without node and the script) against `specs`. @throws UsageError */
export function parseFlags<S extends Record<string, FlagSpec>>(argv: readonly string[], specs: S): ParseResult<S> {
  const values = new Map<string, string | number | boolean>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--help" || arg === "-h") return { help: true };
    if (!arg.startsWith("--") || arg === "--") throw new UsageError(`unexpected argument ${JSON.stringify(arg)}`);
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const spec = Object.hasOwn(specs, name) ? specs[name] : undefined;
    if (spec === undefined) throw new UsageError(`unknown flag --${name}`);
    if (values.has(name)) throw new UsageError(`--${name} given twice`);
    let text: string;
    if (eq >= 0) text = arg.slice(eq + 1);
    else if (spec.kind === "boolean" && (argv[i + 1] === undefined || !/^(true|false)$/.test(argv[i + 1]!)))
      text = "true";
    else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith("--")) throw new UsageError(`--${name} needs a value`);
      text = next;
      i++;
    }
    values.set(name, parseValue(name, spec, text));
  }
  const flags: Record<string, string | number | boolean> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const value = values.get(name) ?? spec.default;
    if (value === undefined) throw new UsageError(`--${name} is required`);
    flags[name] = value;
  }
  return { help: false, flags: flags as Flags<S> };
}

function parseValue(name: string, spec: FlagSpec, text: string): string | number | boolean {
  switch (spec.kind) {
    case "string":
      if (text === "") throw new UsageError(`--${name} needs a non-empty value`);
      return text;
    case "port": {
      const port = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
      if (!(port >= 0 && port <= 65535))
        throw new UsageError(`--${name} must be a port number (0-65535), got ${JSON.stringify(text)}`);
      return port;
    }
    case "boolean":
      if (text === "true") return true;
      if (text === "false") return false;
      throw new UsageError(`--${name} must be true or false, got ${JSON.stringify(text)}`);
  }
}

/** The usage text of a program: its synopsis, then one line per flag. */
export function usage(synopsis: string, specs: Record<string, FlagSpec>): string {
  const lines = [`usage: ${synopsis}`, "", "flags:"];
  for (const [name, spec] of Object.entries(specs)) {
    const value = spec.kind === "boolean" ? "=true|false" : spec.kind === "port" ? " PORT" : " VALUE";
    const fallback =
      spec.default === undefined
        ? " (required)"
        : spec.default === ""
          ? " (optional)"
          : ` (default ${String(spec.default)})`;
    lines.push(`  --${name}${value}`, `      ${spec.help}${fallback}`);
  }
  return lines.join("\n");
}

/**
 * Runs a program's flag parsing: prints the usage and exits 0 for `--help`, prints the error and
 * the usage to stderr and exits 2 for a bad command line; otherwise returns the flags.
 */
export function flagsOrExit<S extends Record<string, FlagSpec>>(
  argv: readonly string[],
  specs: S,
  synopsis: string,
  check?: (flags: Flags<S>) => void,
): Flags<S> {
  try {
    const parsed = parseFlags(argv, specs);
    if (parsed.help) {
      console.log(usage(synopsis, specs));
      process.exit(0);
    }
    check?.(parsed.flags);
    return parsed.flags;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`error: ${error.message}\n\n${usage(synopsis, specs)}`);
    process.exit(2);
  }
}
