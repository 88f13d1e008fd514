/** Where a command prints, and the directory it works in. */
export interface CliIo {
  /** The working directory. */
  readonly cwd: string;
  /** Prints to standard output. */
  out(text: string): void;
  /** Prints to standard error. */
  err(text: string): void;
  /** Standard input (`h2rpc call -d @` reads requests from it). Default: none, as if empty. */
  readonly stdin?: AsyncIterable<string | Uint8Array>;
}

/** The process's own standard streams (stdin included) and working directory. */
export function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    // A getter: touching process.stdin opens it, which only the commands reading it should do.
    get stdin() {
      return process.stdin;
    },
  };
}
