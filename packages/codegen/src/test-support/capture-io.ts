import type { CliIo } from "../cli/cli-io.js";

/** A {@link CliIo} that records what a command prints. */
export interface CapturedIo extends CliIo {
  /** Everything printed to standard output. */
  readonly stdout: string;
  /** Everything printed to standard error. */
  readonly stderr: string;
}

/** An io working in `cwd` that records output instead of printing it. */
export function captureIo(cwd: string): CapturedIo {
  let stdout = "";
  let stderr = "";
  return {
    cwd,
    out(text) {
      stdout += text;
    },
    err(text) {
      stderr += text;
    },
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
  };
}
