import { packageModulePath, ROOT_MODULE_PATH } from "./render-modules.js";
import { SDK_FIELD } from "./sdk-markers.js";
import type { SdkModel } from "./sdk-model.js";

/** What goes into the SDK's package.json. */
export interface PackageJsonInput {
  /** The npm package name. */
  readonly name: string;
  /** The version; default: the previous package.json's, else {@link DEFAULT_SDK_VERSION}. */
  readonly version?: string | undefined;
  /** The SDK's modules: one `exports` entry each. */
  readonly model: SdkModel;
  /** Version ranges of the runtime dependencies: `h2rpc` and `@bufbuild/protobuf`. */
  readonly dependencies: Readonly<Record<string, string>>;
  /** What generated it, e.g. `@h2rpc/codegen@0.1.0`. */
  readonly generator: string;
  /** The package.json of the previous run, if any: its other fields (license, repository, ...) are kept. */
  readonly previous?: Readonly<Record<string, unknown>> | undefined;
}

/** The version of a new SDK. */
export const DEFAULT_SDK_VERSION = "0.1.0";

/** The fields {@link renderPackageJson} writes on every run, in their order; the others are the user's. */
export const MANAGED_FIELDS: readonly string[] = [
  "name",
  "version",
  "description",
  "type",
  "sideEffects",
  "main",
  "types",
  "exports",
  "files",
  "dependencies",
  SDK_FIELD,
];

/**
 * The SDK's package.json: an ES module package shipping `dist/` only, with one `exports` entry
 * per module (`.` and `./<proto package>`, each with `types` and `default`), the runtime
 * dependencies and the {@link SDK_FIELD} marker. The version and description of a previous run
 * are kept (unless `version` is given), as are fields this function does not manage, after its own.
 */
export function renderPackageJson(input: PackageJsonInput): string {
  const previous = input.previous ?? {};
  const entry = (path: string) => ({ types: `./dist/${path}.d.ts`, default: `./dist/${path}.js` });
  const exports: Record<string, unknown> = { ".": entry(ROOT_MODULE_PATH) };
  for (const p of input.model.packages) exports[`./${p.module}`] = entry(packageModulePath(p.module));
  exports["./package.json"] = "./package.json";
  const managed: Record<string, unknown> = {
    name: input.name,
    version: input.version ?? stringField(previous, "version") ?? DEFAULT_SDK_VERSION,
    description: stringField(previous, "description") ?? describe(input.model),
    type: "module",
    sideEffects: false,
    main: `./dist/${ROOT_MODULE_PATH}.js`,
    types: `./dist/${ROOT_MODULE_PATH}.d.ts`,
    exports,
    files: ["dist"],
    dependencies: Object.fromEntries(Object.entries(input.dependencies).sort(([a], [b]) => (a < b ? -1 : 1))),
    [SDK_FIELD]: { generator: input.generator },
  };
  const kept = Object.entries(previous).filter(([key]) => !MANAGED_FIELDS.includes(key));
  return `${JSON.stringify({ ...managed, ...Object.fromEntries(kept) }, null, 2)}\n`;
}

function describe(model: SdkModel): string {
  const services = model.packages.filter((p) => p.inRoot).flatMap((p) => p.services.map((s) => s.typeName));
  const listed = services.length <= 3 ? services.join(", ") : `${services.slice(0, 3).join(", ")} and more`;
  return `Typed h2rpc clients of ${listed}, generated from .proto files`;
}

function stringField(json: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const value = json[key];
  return typeof value === "string" && value !== "" ? value : undefined;
}
