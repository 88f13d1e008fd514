import { execFile } from "node:child_process";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

/** npm settings inherited from a parent npm (`npm test`) that must not steer a nested npm run. */
function cleanEnv(): NodeJS.ProcessEnv {
  const keep = new Set(["npm_config_cache", "npm_config_registry", "npm_config_userconfig"]);
  return {
    ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("npm_") || keep.has(key))),
    npm_config_update_notifier: "false",
    npm_config_fund: "false",
    npm_config_audit: "false",
  };
}

/**
 * Runs `npm ...args` in `cwd` without blocking the event loop (a test's server keeps serving),
 * with at most `timeoutMs`; resolves to its standard output, rejects with its standard error.
 */
export async function npm(args: readonly string[], cwd: string, timeoutMs = 60_000): Promise<string> {
  try {
    const { stdout } = await execFileAsync("npm", [...args], { cwd, env: cleanEnv(), timeout: timeoutMs });
    return stdout;
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    throw new Error(`npm ${args.join(" ")} failed: ${stderr || message}`);
  }
}

/** What `npm pack --json` says of one package. */
export interface PackResult {
  /** The tarball's file name, in the pack destination. */
  readonly filename: string;
  /** The files in the tarball. */
  readonly files: readonly { readonly path: string }[];
}

/** Packs the package in `dir` into a tarball in `destination` (no lifecycle scripts). */
export async function npmPack(dir: string, destination: string): Promise<PackResult> {
  const stdout = await npm(["pack", dir, "--pack-destination", destination, "--json", "--ignore-scripts"], destination);
  return (JSON.parse(stdout) as PackResult[])[0]!;
}
