import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { DescFile } from "@bufbuild/protobuf";
import { buildRegistry } from "../generate/build-registry.js";
import { generate } from "../generate/generate.js";
import { GenerateError } from "../generate/generate-error.js";
import { type ProtoInputs, resolveProtoInputs } from "../generate/proto-inputs.js";
import { dependencyVersion, packageVersion } from "../package-version.js";
import { tsProtoModulePath } from "../plugin/ts-proto-names.js";
import { compileSdk, findSdkDependencies } from "./compile-sdk.js";
import { npmNameProblem, VALID_NPM_NAME } from "./npm-package-name.js";
import { GEN_DIR, renderPackageModule, renderRootModule } from "./render-modules.js";
import { renderPackageJson } from "./render-package-json.js";
import { renderReadme } from "./render-readme.js";
import { renderTsconfig } from "./render-tsconfig.js";
import { buildSdkModel, type SdkModel } from "./sdk-model.js";
import { inspectSdkOutput, writeSdkOutput } from "./sdk-output.js";
import { isSemver } from "./semver.js";

/** Options of {@link generateSdk}. Relative paths are relative to `cwd`. */
export interface SdkOptions {
  /** The npm package name, e.g. `@acme/greeter-sdk`. */
  name: string;
  /** The package version (semver). Default: the version of the SDK in `out`, if any, else 0.1.0. */
  version?: string;
  /** The proto root, which imports are relative to. Default `proto`. */
  root?: string;
  /**
   * The package directory. It must not exist, be empty (hidden files aside), or hold an SDK
   * generated before, which is updated.
   */
  out: string;
  /** .proto files or directories to make clients of, relative to `cwd` or to `root`. Default: all under `root`. */
  paths?: readonly string[];
  /** Directory relative paths resolve against. Default `process.cwd()`. */
  cwd?: string;
}

/** What {@link generateSdk} did. */
export interface SdkResult {
  /** The absolute package directory. */
  readonly outDir: string;
  /** The package name. */
  readonly name: string;
  /** The package version written. */
  readonly version: string;
  /** The package's modules, as `exports` subpaths: `.`, then one per proto package (`./helloworld`). */
  readonly modules: readonly string[];
  /** The services with clients, by proto full name. */
  readonly services: readonly string[];
  /** The files written, relative to `outDir`, sorted. */
  readonly files: readonly string[];
  /** Things worth knowing, one line each: names left out of the root module, exports renamed. */
  readonly notes: readonly string[];
}

/** @h2rpc/codegen's own directory: where h2rpc is looked for last. */
const CODEGEN_DIR = fileURLToPath(new URL("../..", import.meta.url));

/**
 * Turns .proto files into a ready-to-publish npm package of typed clients (no server code):
 * package.json with `exports` (`.` and one subpath per proto package) and the runtime
 * dependencies, README.md listing every service and method, the TypeScript in `src/` and,
 * compiled with tsc, JavaScript and declarations in `dist/`. Everything is built in a
 * temporary directory first: a failed run leaves `out` as it was.
 * @throws {GenerateError} for an invalid name or version, an output directory holding something
 *   else, .proto files without services, and what {@link generate} throws for.
 */
export async function generateSdk(options: SdkOptions): Promise<SdkResult> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const problem = npmNameProblem(options.name);
  if (problem !== undefined) {
    throw new GenerateError(`invalid npm package name "${options.name}": ${problem}; ${VALID_NPM_NAME}`);
  }
  if (options.version !== undefined && !isSemver(options.version)) {
    throw new GenerateError(
      `invalid version "${options.version}": use a semantic version such as 1.0.0 or 0.2.0-beta.1`,
    );
  }
  const inputs = resolveProtoInputs(cwd, options.root ?? "proto", options.paths ?? []);
  const outDir = resolve(cwd, options.out);
  const state = inspectSdkOutput(outDir, cwd);
  const dependencies = findSdkDependencies([outDir, cwd, CODEGEN_DIR]);
  const staging = mkdtempSync(join(tmpdir(), "h2rpc-sdk-"));
  try {
    const registry = await buildRegistry(inputs, cwd);
    const inputFiles = [...registry.files].filter((file) => isInput(file, inputs));
    if (!inputFiles.some((file) => file.services.length > 0)) {
      throw new GenerateError("the .proto files declare no service: an SDK holds clients, so it needs one");
    }
    const genDir = join(staging, "src", GEN_DIR);
    await generate({ ...inputs, out: genDir, cwd, descriptors: false, server: false, clean: false });
    const files = [...registry.files].filter((f) => existsSync(join(genDir, `${tsProtoModulePath(f)}.ts`)));
    const model = buildSdkModel(files, (file) => inputFiles.includes(file));
    const generator = `@h2rpc/codegen ${packageVersion()}`;
    const packageJson = renderPackageJson({
      name: options.name,
      version: options.version,
      model,
      dependencies: runtimeDependencies(),
      generator: `@h2rpc/codegen@${packageVersion()}`,
      previous: state.previous,
    });
    const sources = [renderRootModule(model, options.name), ...model.packages.map(renderPackageModule)];
    writeAll(staging, {
      "package.json": packageJson,
      "tsconfig.json": renderTsconfig(),
      "README.md": renderReadme({ name: options.name, model, generator }),
      ...Object.fromEntries(sources.map((s) => [join("src", s.path), s.content])),
    });
    await compileSdk(staging, dependencies);
    return {
      outDir,
      name: options.name,
      version: (JSON.parse(packageJson) as { version: string }).version,
      modules: [".", ...model.packages.map((p) => `./${p.module}`)],
      services: model.packages.flatMap((p) => p.services.map((s) => s.typeName)),
      files: writeSdkOutput(staging, outDir, state),
      notes: notes(options.name, model),
    };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** The SDK's dependencies: the h2rpc runtime of codegen's version, and the protobuf runtime of ts-proto's code. */
function runtimeDependencies(): Record<string, string> {
  return {
    h2rpc: `^${packageVersion()}`,
    "@bufbuild/protobuf": `^${dependencyVersion("@bufbuild/protobuf") ?? "2.0.0"}`,
  };
}

/** Whether `file` is one of the inputs, not only imported by them. */
function isInput(file: DescFile, inputs: ProtoInputs): boolean {
  const path = join(inputs.root, file.proto.name);
  if (!existsSync(path)) return false;
  return inputs.paths.length === 0 || inputs.paths.some((p) => path === p || path.startsWith(`${p}${sep}`));
}

/** Notes for the user: the names left out of the root (one line per set of modules), the renamed exports. */
function notes(name: string, model: SdkModel): string[] {
  const byModules = new Map<string, string[]>();
  for (const [clash, modules] of model.rootClashes) {
    const key = modules.map((m) => `${name}/${m}`).join(", ");
    byModules.set(key, [...(byModules.get(key) ?? []), clash]);
  }
  const clashes = [...byModules].map(
    ([modules, names]) => `left out of ${name}, as several modules export them (${modules}): ${names.join(", ")}`,
  );
  const renamed = model.renamed.map(
    (r) => `${name}/${r.module} exports the ${r.what} as ${r.name}: the name ${r.local} is taken`,
  );
  return [...clashes, ...renamed];
}

function writeAll(dir: string, files: Readonly<Record<string, string>>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}
