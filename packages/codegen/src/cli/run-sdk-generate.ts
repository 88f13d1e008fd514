import { displayPath } from "../generate/display-path.js";
import { generateSdk, type SdkResult } from "../sdk/generate-sdk.js";
import { EXIT_FAILURE } from "./cli-command.js";
import type { CliIo } from "./cli-io.js";
import { reportFailure } from "./report-failure.js";

/** The command line of `h2rpc generate --sdk`, parsed. */
export interface SdkArgs {
  /** The npm package name (`--sdk`). */
  readonly name: string;
  /** `--sdk-version`. */
  readonly version: string | undefined;
  /** `--root`. */
  readonly root: string | undefined;
  /** `--out`: the package directory. */
  readonly out: string;
  /** The .proto files or directories. */
  readonly paths: readonly string[];
}

/** Runs `h2rpc generate --sdk`, printing what it wrote and its notes; resolves to the exit code. */
export async function runSdkGenerate(args: SdkArgs, io: CliIo): Promise<number> {
  try {
    const result = await generateSdk({ ...args, cwd: io.cwd });
    io.out(`h2rpc generate: ${summary(result, io.cwd)}\n`);
    for (const note of result.notes) io.out(`h2rpc generate: note: ${note}\n`);
    return 0;
  } catch (error) {
    reportFailure(error, io);
    return EXIT_FAILURE;
  }
}

function summary(result: SdkResult, cwd: string): string {
  const services = result.services.length === 1 ? "1 service" : `${result.services.length} services`;
  return (
    `SDK ${result.name}@${result.version} in ${displayPath(result.outDir, cwd)} ` +
    `(${services}, modules ${result.modules.join(" ")}; ${result.files.length} files written)`
  );
}
