import type { DescFile, DescMethod, DescService } from "@bufbuild/protobuf";
import { getComments } from "@bufbuild/protoplugin";
import { commentLines } from "../plugin/jsdoc.js";
import { methodKey } from "../plugin/ts-proto-names.js";
import { packageExports, type SdkExport, type ServiceExports } from "./package-exports.js";

export type { SdkExport, ServiceExports } from "./package-exports.js";

/** How a method is called. */
export type CallKind = "unary" | "server streaming" | "client streaming" | "bidi streaming";

/** A message as the SDK exports it. */
export interface SdkTypeRef {
  /** The proto full name, e.g. `helloworld.HelloRequest`. */
  readonly typeName: string;
  /** The package module exporting it, e.g. `helloworld`. */
  readonly module: string;
  /** The name that module exports it under, e.g. `HelloRequest`. */
  readonly name: string;
}

/** One method of a service. */
export interface SdkMethod {
  /** The proto name, e.g. `SayHello`. */
  readonly protoName: string;
  /** The client method, e.g. `sayHello`. */
  readonly key: string;
  /** How it is called. */
  readonly kind: CallKind;
  /** The request message. */
  readonly request: SdkTypeRef;
  /** The response message. */
  readonly response: SdkTypeRef;
  /** The proto comment (leading, else trailing), line by line. */
  readonly comment: readonly string[];
  /** `option deprecated = true`. */
  readonly deprecated: boolean;
}

/** One service, with the names its client code is exported under. */
export interface SdkService {
  /** The proto full name, e.g. `helloworld.Greeter`. */
  readonly typeName: string;
  /** The package module exporting its client code. */
  readonly module: string;
  /** The exported names of its definition, client interface and factory. */
  readonly exports: ServiceExports;
  /** The proto comment, line by line. */
  readonly comment: readonly string[];
  /** `option deprecated = true`. */
  readonly deprecated: boolean;
  /** Its methods, in proto order. */
  readonly methods: readonly SdkMethod[];
}

/** One proto package: a module of the SDK (`<sdk>/<module>`). */
export interface SdkPackage {
  /** The proto package, "" for files without one. */
  readonly protoPackage: string;
  /** The module name, which is also the subpath: the proto package, or `default-package`. */
  readonly module: string;
  /** Whether a file given as input declares it: its names are then also exported by the root. */
  readonly inRoot: boolean;
  /** Its services, files sorted by name. */
  readonly services: readonly SdkService[];
  /** What its module exports. */
  readonly exports: readonly SdkExport[];
}

/** A name the root module re-exports from a package module. */
export interface RootExport {
  /** The name. */
  readonly name: string;
  /** The package module it comes from. */
  readonly module: string;
  /** Exported as a type only. */
  readonly typeOnly: boolean;
}

/** Everything an SDK exports, and the services its README lists. */
export interface SdkModel {
  /** The proto packages, sorted by name. */
  readonly packages: readonly SdkPackage[];
  /** What the root module exports: each name of a root package that no other root package exports. */
  readonly root: readonly RootExport[];
  /** Names several root packages export, left out of the root: name → their modules. */
  readonly rootClashes: ReadonlyMap<string, readonly string[]>;
  /** Exports whose name differs from the generated one because it was taken in their module. */
  readonly renamed: readonly RenamedExport[];
}

/** An export renamed because its generated name was taken in its package module. */
export interface RenamedExport {
  /** The package module. */
  readonly module: string;
  /** The exported name, e.g. `CatalogServiceClientMessage`. */
  readonly name: string;
  /** The generated name, e.g. `CatalogServiceClient`. */
  readonly local: string;
  /** What it is, e.g. `message shop.v1.CatalogServiceClient`. */
  readonly what: string;
}

/** The module (and subpath) of files without a proto package; `-` never occurs in a proto package. */
export const DEFAULT_PACKAGE_MODULE = "default-package";

/**
 * The SDK's modules: one per proto package of `files` (the generated files: the inputs and what
 * they import), plus a root module re-exporting the packages of the files `isInput` accepts.
 * Only the inputs' services have clients (protoc-gen-h2rpc writes `.h2rpc.ts` files for them).
 */
export function buildSdkModel(files: readonly DescFile[], isInput: (file: DescFile) => boolean): SdkModel {
  const byPackage = new Map<string, DescFile[]>();
  for (const file of files) byPackage.set(file.proto.package, [...(byPackage.get(file.proto.package) ?? []), file]);
  const protoPackages = [...byPackage.keys()].sort();
  const moduleOf = (protoPackage: string) => protoPackage || DEFAULT_PACKAGE_MODULE;
  const allExports = new Map(protoPackages.map((p) => [p, packageExports(byPackage.get(p)!, isInput)]));
  const typeRef = (typeName: string, protoPackage: string): SdkTypeRef => {
    const name = allExports.get(protoPackage)?.types.get(typeName);
    if (name === undefined) throw new Error(`${typeName} is used by a service but was not generated`);
    return { typeName, module: moduleOf(protoPackage), name };
  };
  const packages = protoPackages.map((protoPackage): SdkPackage => {
    const exports = allExports.get(protoPackage)!;
    const services = [...exports.services].map(
      ([service, names]): SdkService => ({
        typeName: service.typeName,
        module: moduleOf(protoPackage),
        exports: names,
        comment: commentOf(service),
        deprecated: service.deprecated,
        methods: service.methods.map((m) => sdkMethod(m, typeRef)),
      }),
    );
    return {
      protoPackage,
      module: moduleOf(protoPackage),
      inRoot: byPackage.get(protoPackage)!.some(isInput),
      services,
      exports: exports.exports,
    };
  });
  return { packages, ...rootExports(packages), renamed: renamedExports(packages) };
}

function sdkMethod(method: DescMethod, typeRef: (typeName: string, protoPackage: string) => SdkTypeRef): SdkMethod {
  return {
    protoName: method.name,
    key: methodKey(method.name),
    kind: CALL_KINDS[method.methodKind],
    request: typeRef(method.input.typeName, method.input.file.proto.package),
    response: typeRef(method.output.typeName, method.output.file.proto.package),
    comment: commentOf(method),
    deprecated: method.deprecated,
  };
}

const CALL_KINDS: Record<DescMethod["methodKind"], CallKind> = {
  unary: "unary",
  server_streaming: "server streaming",
  client_streaming: "client streaming",
  bidi_streaming: "bidi streaming",
};

function commentOf(desc: DescService | DescMethod): string[] {
  const comments = getComments(desc);
  return commentLines(comments.leading ?? comments.trailing);
}

function rootExports(packages: readonly SdkPackage[]): Pick<SdkModel, "root" | "rootClashes"> {
  const modulesByName = new Map<string, string[]>();
  for (const p of packages.filter((p) => p.inRoot)) {
    for (const e of p.exports) modulesByName.set(e.name, [...(modulesByName.get(e.name) ?? []), p.module]);
  }
  const root: RootExport[] = [];
  for (const p of packages.filter((p) => p.inRoot)) {
    for (const e of p.exports) {
      if (modulesByName.get(e.name)!.length === 1) root.push({ name: e.name, module: p.module, typeOnly: e.typeOnly });
    }
  }
  const clashes = [...modulesByName].filter(([, modules]) => modules.length > 1);
  return { root, rootClashes: new Map(clashes.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
}

function renamedExports(packages: readonly SdkPackage[]): RenamedExport[] {
  return packages.flatMap((p) =>
    p.exports
      .filter((e) => e.name !== e.local)
      .map((e) => ({ module: p.module, name: e.name, local: e.local, what: e.what })),
  );
}
