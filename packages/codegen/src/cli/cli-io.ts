/** Where a command prints, and the directory it works in. */
export interface CliIo {
  /** The working directory. */
  readonly cwd: string;
  /** Prints to standard output. */
  out(text: string): void;
  /** Prints to standard error. */
  err(text: string): void;
}

/** The process's own standard streams and working directory. */
export function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  };
}
