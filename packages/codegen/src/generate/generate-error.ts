/** One problem found while generating, e.g. a compile error at a place in a .proto file. */
export interface Diagnostic {
  /** The file, relative to the working directory when it is inside it. */
  readonly file?: string;
  /** 1-based line in `file`. */
  readonly line?: number;
  /** 1-based column in `file`. */
  readonly column?: number;
  /** What is wrong, e.g. ``cannot find `Nope` in this scope``. */
  readonly message: string;
}

/** `file:line:column: message`, with the parts that are known. */
export function formatDiagnostic(d: Diagnostic): string {
  const place = [d.file, d.line, d.column].filter((part) => part !== undefined).join(":");
  return place === "" ? d.message : `${place}: ${d.message}`;
}

/**
 * Why `generate` failed: a user-facing problem (bad .proto, missing root, ...) as opposed to
 * a bug. `diagnostics` holds one entry per problem; `message` joins them, one per line.
 */
export class GenerateError extends Error {
  /** The problems, in the order buf reported them. */
  readonly diagnostics: readonly Diagnostic[];

  /** Creates an error from a message or from diagnostics. */
  constructor(problem: string | readonly Diagnostic[]) {
    const diagnostics = typeof problem === "string" ? [{ message: problem }] : problem;
    super(diagnostics.map(formatDiagnostic).join("\n"));
    this.name = "GenerateError";
    this.diagnostics = diagnostics;
  }
}
