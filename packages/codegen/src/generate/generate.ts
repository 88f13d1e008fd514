import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseBufErrors } from "./buf-diagnostics.js";
import { bufTemplate } from "./buf-template.js";
import { GenerateError } from "./generate-error.js";
import { syncGeneratedFiles } from "./output-sync.js";
import { resolveProtoInputs } from "./proto-inputs.js";
import { rejectFieldNumberZeroInDir } from "./reject-field-zero.js";
import { runBuf } from "./run-buf.js";
import { bufCommand, h2rpcPluginCommand, tsProtoCommand } from "./tool-paths.js";

/** Options of {@link generate}. Relative paths are relative to `cwd`. */
export interface GenerateOptions {
  /** The proto root: the directory holding the .proto files, which imports are relative to. Default `proto`. */
  root?: string;
  /** Directory the TypeScript is written to. Default `src/gen`. */
  out?: string;
  /**
   * .proto files or directories to generate, relative to `cwd` or to `root`. Default: every
   * file under `root`. Files they import are generated too (ts-proto's message code only).
   */
  paths?: readonly string[];
  /** Module the generated code imports the h2rpc runtime from. Default `h2rpc`. */
  runtime?: string;
  /**
   * Export each service file's serialized FileDescriptorProto (`fileDescriptor`) and, with those
   * of its transitive imports, `fileDescriptors`, for server reflection. Default true.
   */
  descriptors?: boolean;
  /**
   * Write the `<Service>Server` handler interfaces. Default true; false writes client code only
   * (service definitions, client interfaces and factories).
   */
  server?: boolean;
  /**
   * Delete generated files in `out` that this run did not produce (hand-written files are
   * never deleted). Default: true when `paths` is empty (a full run), false otherwise.
   */
  clean?: boolean;
  /** Directory relative paths resolve against. Default `process.cwd()`. */
  cwd?: string;
}

/** What {@link generate} did. File paths are relative to `outDir`. */
export interface GenerateResult {
  /** Absolute output directory. */
  readonly outDir: string;
  /** Every file generated: ts-proto's `<file>.ts` and h2rpc's `<file>.h2rpc.ts`, sorted. */
  readonly files: readonly string[];
  /** The generated files that were new or changed (the others were left untouched). */
  readonly written: readonly string[];
  /** Stale generated files that were deleted. */
  readonly removed: readonly string[];
}

/**
 * Compiles .proto files with buf (bundled, no protoc needed, no buf.yaml needed) and writes
 * ts-proto messages plus h2rpc service definitions, clients and server interfaces. ts-proto's
 * decoders are made to throw on field number 0 (see `reject-field-zero.ts`).
 * Output is staged in a temporary directory first, so a failed run leaves `out` as it was.
 * @throws {GenerateError} for bad .proto files (one diagnostic per `file:line:column`),
 *   a missing root, or paths outside it.
 */
export async function generate(options: GenerateOptions = {}): Promise<GenerateResult> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const inputs = resolveProtoInputs(cwd, options.root ?? "proto", options.paths ?? []);
  const outDir = resolve(cwd, options.out ?? "src/gen");
  if (statSync(outDir, { throwIfNoEntry: false })?.isDirectory() === false) {
    throw new GenerateError(`output "${options.out}" exists and is not a directory`);
  }
  const runtime = options.runtime ?? "h2rpc";
  if (runtime.trim() === "" || runtime.includes(",")) throw new GenerateError(`invalid runtime module "${runtime}"`);
  const staging = mkdtempSync(join(tmpdir(), "h2rpc-generate-"));
  try {
    const template = bufTemplate({
      outDir: staging,
      tsProto: tsProtoCommand(),
      h2rpc: h2rpcPluginCommand(),
      runtime,
      descriptors: options.descriptors ?? true,
      server: options.server ?? true,
    });
    const pathArgs = inputs.paths.flatMap((path) => ["--path", path]);
    const args = ["generate", inputs.root, "--template", template, "--error-format", "json", ...pathArgs];
    const { exitCode, stderr } = await runBuf(bufCommand(), args, cwd);
    if (exitCode !== 0) {
      const diagnostics = parseBufErrors(stderr, cwd);
      throw new GenerateError(diagnostics.length > 0 ? diagnostics : `buf failed with exit code ${exitCode}`);
    }
    // ts-proto's decoders end the message at field number 0; make them throw, as protobuf does.
    rejectFieldNumberZeroInDir(staging, outDir, cwd);
    const clean = options.clean ?? inputs.paths.length === 0;
    return { outDir, ...syncGeneratedFiles(staging, outDir, { clean, cwd }) };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
