import { renderJsDoc } from "../plugin/jsdoc.js";
import { SDK_HEADER } from "./sdk-markers.js";
import type { SdkModel, SdkPackage } from "./sdk-model.js";

/** A TypeScript module of the SDK. */
export interface SdkSource {
  /** Its path under `src/`, e.g. `packages/helloworld.ts`. */
  readonly path: string;
  /** Its text. */
  readonly content: string;
}

/** The directory under `src/` (and `dist/`) holding buf's output: ts-proto's and protoc-gen-h2rpc's files. */
export const GEN_DIR = "gen";

/** The path of a package module under `src/`, without extension, e.g. `packages/shop.v1`. */
export function packageModulePath(module: string): string {
  return `packages/${module}`;
}

/** The path of the root module under `src/`, without extension. */
export const ROOT_MODULE_PATH = "index";

interface ReExport {
  readonly name: string;
  readonly local: string;
  readonly typeOnly: boolean;
}

/**
 * `src/packages/<module>.ts`: re-exports, by name, the client code and messages of one proto
 * package from the generated files (`../gen/...`), under the names the model gives them.
 */
export function renderPackageModule(pkg: SdkPackage): SdkSource {
  const groups = new Map<string, ReExport[]>();
  for (const e of pkg.exports) {
    const from = `../${GEN_DIR}/${e.module}.js`;
    groups.set(from, [...(groups.get(from) ?? []), e]);
  }
  const what =
    pkg.protoPackage === "" ? "of the .proto files without a package" : `of the proto package ${pkg.protoPackage}`;
  const doc = [`The clients, messages and enums ${what}.`, "@module"];
  return { path: `${packageModulePath(pkg.module)}.ts`, content: renderModule(doc, [], groups) };
}

/**
 * `src/index.ts`: re-exports every name of the root packages that no other root package
 * exports; a comment lists the names left out, with the modules that export them.
 */
export function renderRootModule(model: SdkModel, sdkName: string): SdkSource {
  const groups = new Map<string, ReExport[]>();
  for (const e of model.root) {
    const from = `./${packageModulePath(e.module)}.js`;
    groups.set(from, [...(groups.get(from) ?? []), { ...e, local: e.name }]);
  }
  const services = model.packages.filter((p) => p.inRoot).flatMap((p) => p.services.map((s) => s.typeName));
  const modules = model.packages.map((p) => `${sdkName}/${p.module}`);
  const doc = [
    `${sdkName}: typed h2rpc clients of ${services.join(", ")}.`,
    "",
    `Each proto package is also a module of its own: ${modules.join(", ")}.`,
    "@module",
  ];
  const clashes = [...model.rootClashes].map(
    ([name, inModules]) => `//   ${name}: ${inModules.map((m) => `${sdkName}/${m}`).join(", ")}\n`,
  );
  const note =
    clashes.length === 0
      ? []
      : [
          "// Not exported here as several packages export them; import them from their package's module:\n",
          ...clashes,
        ];
  return { path: `${ROOT_MODULE_PATH}.ts`, content: renderModule(doc, note, groups) };
}

function renderModule(
  doc: readonly string[],
  note: readonly string[],
  groups: ReadonlyMap<string, ReExport[]>,
): string {
  const statements = [...groups.keys()].sort(compareText).map((from) => renderReExport(from, groups.get(from)!));
  if (statements.length === 0) statements.push("export {};\n");
  return [`${SDK_HEADER}\n`, renderJsDoc(doc), ...(note.length > 0 ? ["\n", ...note] : []), "\n", ...statements].join(
    "",
  );
}

function renderReExport(from: string, items: readonly ReExport[]): string {
  const specifiers = [...items]
    .sort((a, b) => compareText(a.name, b.name))
    .map((e) => `${e.typeOnly ? "type " : ""}${e.local === e.name ? e.name : `${e.local} as ${e.name}`}`);
  const line = `export { ${specifiers.join(", ")} } from ${JSON.stringify(from)};\n`;
  if (line.length <= 121) return line;
  return `export {\n${specifiers.map((s) => `  ${s},\n`).join("")}} from ${JSON.stringify(from)};\n`;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
