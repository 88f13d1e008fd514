import { parseArgs } from "node:util";
import { displayPath } from "../generate/display-path.js";
import { type GenerateResult, generate } from "../generate/generate.js";
import { formatDiagnostic, GenerateError } from "../generate/generate-error.js";
import { type CliCommand, EXIT_FAILURE, EXIT_USAGE } from "./cli-command.js";
import type { CliIo } from "./cli-io.js";

const HELP = `Usage: h2rpc generate [paths...] [options]

Compiles .proto files with the bundled buf (no protoc or buf.yaml needed) and writes
TypeScript: ts-proto messages (<file>.ts) and typed h2rpc service definitions, clients
and server interfaces (<file>.h2rpc.ts).

Arguments:
  paths               .proto files or directories to generate, relative to the current
                      directory or to the root (default: everything under the root)

Options:
  --root <dir>        directory holding the .proto files; imports are relative to it
                      (default: proto)
  -o, --out <dir>     output directory (default: src/gen)
  --runtime <module>  module the generated code imports h2rpc from (default: h2rpc)
  --no-descriptors    do not embed the FileDescriptorProtos (fileDescriptor and
                      fileDescriptors exports of <file>.h2rpc.ts, for server reflection)
  -h, --help          show this help

A run without paths also deletes stale generated files from the output directory.
Files without the "DO NOT EDIT" header are never overwritten or deleted.

Alias: h2rpc gen
`;

/** `h2rpc generate`: .proto files to TypeScript. */
export const generateCommand: CliCommand = {
  name: "generate",
  aliases: ["gen"],
  summary: "compile .proto files to TypeScript messages, clients and servers",
  async run(args, io) {
    let parsed: ReturnType<typeof parseGenerateArgs>;
    try {
      parsed = parseGenerateArgs(args);
    } catch (error) {
      io.err(`h2rpc generate: ${(error as Error).message}\nRun "h2rpc generate --help" for usage.\n`);
      return EXIT_USAGE;
    }
    const { values, positionals } = parsed;
    if (values.help) {
      io.out(HELP);
      return 0;
    }
    try {
      const result = await generate({
        root: values.root,
        out: values.out,
        runtime: values.runtime,
        descriptors: !values["no-descriptors"],
        paths: positionals,
        cwd: io.cwd,
      });
      io.out(`h2rpc generate: ${summary(result, io.cwd)}\n`);
      return 0;
    } catch (error) {
      reportFailure(error, io);
      return EXIT_FAILURE;
    }
  },
};

function parseGenerateArgs(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      root: { type: "string" },
      out: { type: "string", short: "o" },
      runtime: { type: "string" },
      "no-descriptors": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
}

function summary(result: GenerateResult, cwd: string): string {
  const out = displayPath(result.outDir, cwd);
  const parts = [`${result.written.length} written`];
  if (result.removed.length > 0) parts.push(`${result.removed.length} stale removed`);
  return `${result.files.length} files in ${out} (${parts.join(", ")})`;
}

function reportFailure(error: unknown, io: CliIo): void {
  if (error instanceof GenerateError) {
    for (const d of error.diagnostics) io.err(`h2rpc generate: ${formatDiagnostic(d)}\n`);
  } else {
    io.err(
      `h2rpc generate: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
}
