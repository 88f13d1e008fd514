import { spawn } from "node:child_process";
import { GenerateError } from "./generate-error.js";
import type { Command } from "./tool-paths.js";

/** How a buf run ended. */
export interface BufResult {
  /** buf's exit code: 0 on success, 100 for errors in .proto files, 1 for other failures. */
  readonly exitCode: number;
  /** Everything buf printed on stderr. */
  readonly stderr: string;
}

/** Runs `buf ...args` in `cwd` and collects its exit code and stderr. */
export function runBuf(buf: Command, args: readonly string[], cwd: string): Promise<BufResult> {
  const [exe, ...leading] = buf;
  return new Promise((resolve, reject) => {
    const child = spawn(exe, [...leading, ...args], { cwd, stdio: ["ignore", "ignore", "pipe"] });
    const chunks: Buffer[] = [];
    child.stderr.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.on("error", (error) => reject(new GenerateError(`cannot run buf (${exe}): ${error.message}`)));
    child.on("close", (code, signal) => {
      const stderr = Buffer.concat(chunks).toString("utf8");
      resolve({ exitCode: code ?? (signal ? 128 : 1), stderr });
    });
  });
}
