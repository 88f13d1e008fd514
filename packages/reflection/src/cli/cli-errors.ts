import { codeName, RpcError } from "h2rpc";
import type { RpcCliIo } from "./cli-io.js";

/** Exit code of a failed command: an RPC error, a connection failure, bad input data. */
export const EXIT_FAILURE = 1;
/** Exit code of a malformed command line. */
export const EXIT_USAGE = 2;

/** A malformed command line: printed with a pointer to `--help`, exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** A failure that is not an RPC status (bad JSON, unreadable file...): printed as is, exit code 1. */
export class CommandError extends Error {
  override readonly name = "CommandError";
}

/**
 * Prints why `h2rpc <command>` failed and returns its exit code: `ERROR: <CODE_NAME>: <message>`
 * for an RPC status (1), the usage problem with a pointer to --help (2), else the message (1).
 */
export function reportError(command: string, error: unknown, io: RpcCliIo): number {
  if (error instanceof UsageError) {
    io.err(`h2rpc ${command}: ${error.message}\nRun "h2rpc ${command} --help" for usage.\n`);
    return EXIT_USAGE;
  }
  if (error instanceof RpcError) {
    io.err(`ERROR: ${codeName(error.code)}: ${error.rawMessage}\n`);
    return EXIT_FAILURE;
  }
  if (error instanceof CommandError) {
    io.err(`h2rpc ${command}: ${error.message}\n`);
    return EXIT_FAILURE;
  }
  io.err(`h2rpc ${command}: ${error instanceof Error ? error.message : String(error)}\n`);
  return EXIT_FAILURE;
}
