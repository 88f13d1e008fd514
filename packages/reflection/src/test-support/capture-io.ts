import type { RpcCliIo } from "../cli/cli-io.js";

/** An io that records what a command prints, with `stdin` fed from `input`. */
export interface CapturedIo extends RpcCliIo {
  /** Everything printed to standard output. */
  readonly stdout: string;
  /** Everything printed to standard error. */
  readonly stderr: string;
}

/** A {@link CapturedIo} in `cwd` (default: this process's), reading `input` as standard input. */
export function captureIo(input?: Iterable<string> | AsyncIterable<string>, cwd = process.cwd()): CapturedIo {
  let stdout = "";
  let stderr = "";
  return {
    cwd,
    ...(input === undefined ? {} : { stdin: input }),
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
