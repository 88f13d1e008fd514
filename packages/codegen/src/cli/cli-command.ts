import type { CliIo } from "./cli-io.js";

/** One `h2rpc <command>`. */
export interface CliCommand {
  /** The command name, e.g. `generate`. */
  readonly name: string;
  /** Other names accepted for it, e.g. `gen`. */
  readonly aliases: readonly string[];
  /** One line for the command list of `h2rpc --help`. */
  readonly summary: string;
  /**
   * Runs the command with the arguments after its name (`["--help"]` prints its help, which is
   * also what `h2rpc help <command>` does); resolves to the exit code.
   */
  run(args: readonly string[], io: CliIo): Promise<number>;
}

/** Exit code of a failed run (bad input, failed generation). */
export const EXIT_FAILURE = 1;
/** Exit code of a malformed command line. */
export const EXIT_USAGE = 2;
