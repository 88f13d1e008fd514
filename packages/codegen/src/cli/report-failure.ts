import { formatDiagnostic, GenerateError } from "../generate/generate-error.js";
import type { CliIo } from "./cli-io.js";

/**
 * Prints why `h2rpc generate` failed: a {@link GenerateError}'s diagnostics, one per line, or
 * an unexpected error with its stack.
 */
export function reportFailure(error: unknown, io: CliIo): void {
  if (error instanceof GenerateError) {
    for (const d of error.diagnostics) io.err(`h2rpc generate: ${formatDiagnostic(d)}\n`);
  } else {
    io.err(
      `h2rpc generate: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
}
