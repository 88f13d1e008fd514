import { parseArgs } from "node:util";
import { displayPath } from "../generate/display-path.js";
import { type GenerateResult, generate } from "../generate/generate.js";
import { type CliCommand, EXIT_FAILURE, EXIT_USAGE } from "./cli-command.js";
import { reportFailure } from "./report-failure.js";
import { runSdkGenerate, type SdkArgs } from "./run-sdk-generate.js";

const HELP = `Usage: h2rpc generate [paths...] [options]
       h2rpc generate --sdk <npm-name> --out <dir> [--sdk-version <version>] [paths...] [options]

Compiles .proto files with the bundled buf (no protoc or buf.yaml needed) and writes
TypeScript: ts-proto messages (<file>.ts) and typed h2rpc service definitions, clients
and server interfaces (<file>.h2rpc.ts).

With --sdk, writes a ready-to-publish npm package of typed clients instead (no server
code): package.json (exports "." and one subpath per proto package), README.md listing
every service and method, src/ and, compiled, dist/. It depends on h2rpc.

Arguments:
  paths               .proto files or directories to generate, relative to the current
                      directory or to the root (default: everything under the root)

Options:
  --root <dir>        directory holding the .proto files; imports are relative to it
                      (default: proto)
  -o, --out <dir>     output directory (default: src/gen; with --sdk: required, the
                      package directory: new, empty, or an SDK generated before)
  --runtime <module>  module the generated code imports h2rpc from (default: h2rpc)
  --no-descriptors    do not embed the FileDescriptorProtos (fileDescriptor and
                      fileDescriptors exports of <file>.h2rpc.ts, for server reflection)
  --no-server         client code only: leave out the <Service>Server interfaces
  --sdk <npm-name>    write an npm package of clients named <npm-name>
                      (e.g. @acme/greeter-sdk)
  --sdk-version <v>   its version (default: the SDK's previous version, else 0.1.0)
  -h, --help          show this help

A run without paths also deletes stale generated files from the output directory.
Files without the "DO NOT EDIT" header are never overwritten or deleted.

Alias: h2rpc gen
`;

/** `h2rpc generate`: .proto files to TypeScript. */
export const generateCommand: CliCommand = {
  name: "generate",
  aliases: ["gen"],
  summary: "compile .proto files to TypeScript messages, clients and servers (or a client SDK package)",
  async run(args, io) {
    let parsed: ReturnType<typeof parseGenerateArgs>;
    let sdk: SdkArgs | undefined;
    try {
      parsed = parseGenerateArgs(args);
      sdk = sdkArgs(parsed);
    } catch (error) {
      io.err(`h2rpc generate: ${(error as Error).message}\nRun "h2rpc generate --help" for usage.\n`);
      return EXIT_USAGE;
    }
    const { values, positionals } = parsed;
    if (values.help) {
      io.out(HELP);
      return 0;
    }
    if (sdk !== undefined) return runSdkGenerate(sdk, io);
    try {
      const result = await generate({
        root: values.root,
        out: values.out,
        runtime: values.runtime,
        descriptors: !values["no-descriptors"],
        server: !values["no-server"],
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
      "no-server": { type: "boolean" },
      sdk: { type: "string" },
      "sdk-version": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}

/**
 * The arguments of an SDK run (`--sdk`), or undefined for a plain run. Throws, as a usage
 * error, on options that do not go together: an SDK needs --out and depends on h2rpc (so no
 * --runtime); --sdk-version needs --sdk. --no-server and --no-descriptors are implied.
 */
function sdkArgs({ values, positionals }: ReturnType<typeof parseGenerateArgs>): SdkArgs | undefined {
  if (values.help) return undefined;
  if (values.sdk === undefined) {
    if (values["sdk-version"] !== undefined) throw new Error("--sdk-version goes with --sdk <npm-name>");
    return undefined;
  }
  if (values.out === undefined) throw new Error("--sdk needs --out <dir>, the directory to write the package to");
  if (values.runtime !== undefined) throw new Error("--runtime does not go with --sdk: an SDK depends on h2rpc");
  return { name: values.sdk, version: values["sdk-version"], root: values.root, out: values.out, paths: positionals };
}

function summary(result: GenerateResult, cwd: string): string {
  const out = displayPath(result.outDir, cwd);
  const parts = [`${result.written.length} written`];
  if (result.removed.length > 0) parts.push(`${result.removed.length} stale removed`);
  return `${result.files.length} files in ${out} (${parts.join(", ")})`;
}
