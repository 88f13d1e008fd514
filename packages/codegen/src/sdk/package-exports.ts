import type { DescEnum, DescFile, DescMessage, DescService } from "@bufbuild/protobuf";
import { serviceNames } from "../plugin/service-names.js";
import { tsProtoEnumFunctions, tsProtoModulePath, tsProtoTypeName } from "../plugin/ts-proto-names.js";

/** One name a package module of the SDK exports. */
export interface SdkExport {
  /** The exported name, e.g. `HelloRequest`, or `ItemMessage` when `Item` was taken. */
  readonly name: string;
  /** Its name in the generated module. */
  readonly local: string;
  /** The generated module, relative to `src/gen` and without extension, e.g. `helloworld/greeter.h2rpc`. */
  readonly module: string;
  /** Exported as a type only (a client interface). */
  readonly typeOnly: boolean;
  /** What it is, for notes: `message shop.v1.Item`, `client of helloworld.Greeter`. */
  readonly what: string;
}

/** The exported names of one service's client code. */
export interface ServiceExports {
  /** The service definition, e.g. `GreeterService`. */
  readonly definition: string;
  /** The client interface, e.g. `GreeterClient`. */
  readonly client: string;
  /** The client factory, e.g. `createGreeterClient`. */
  readonly factory: string;
}

/** What one proto package's module exports. */
export interface PackageExports {
  /** Every export, in priority order: services first, then messages and enums, then enum helpers. */
  readonly exports: readonly SdkExport[];
  /** The exported name of each message and enum, by proto full name. */
  readonly types: ReadonlyMap<string, string>;
  /** The exported names of each service. */
  readonly services: ReadonlyMap<DescService, ServiceExports>;
}

interface Candidate {
  readonly local: string;
  readonly module: string;
  readonly typeOnly: boolean;
  readonly what: string;
  /** Added to a name that is taken, before falling back to numbers: `Message` for messages. */
  readonly suffix: string;
}

/**
 * The names the module of one proto package exports: for each service of the files
 * `withServices` accepts (those with a generated `.h2rpc.ts`; files sorted by name) its
 * definition, client interface and factory, then every message (map entries aside) and
 * enum of the package's files, then the enums' JSON helpers. Names are claimed in that order;
 * a name already taken gets a suffix: `Message` for a message (as ts-proto renames `Date` to
 * `DateMessage`), `Enum` for an enum, then `2`, `3`, ... (deterministic for the same input).
 */
export function packageExports(files: readonly DescFile[], withServices: (file: DescFile) => boolean): PackageExports {
  const sorted = [...files].sort((a, b) => compareText(a.proto.name, b.proto.name));
  const candidates: Candidate[] = [];
  const serviceCandidates = new Map<DescService, [Candidate, Candidate, Candidate]>();
  const typeCandidates = new Map<string, Candidate>();
  for (const file of sorted.filter(withServices)) {
    const module = `${tsProtoModulePath(file)}.h2rpc`;
    for (const [service, names] of serviceNames(file.services)) {
      const of = service.typeName;
      const three: [Candidate, Candidate, Candidate] = [
        { local: names.definition, module, typeOnly: false, what: `definition of ${of}`, suffix: "" },
        { local: names.client, module, typeOnly: true, what: `client of ${of}`, suffix: "" },
        { local: names.factory, module, typeOnly: false, what: `client factory of ${of}`, suffix: "" },
      ];
      serviceCandidates.set(service, three);
      candidates.push(...three);
    }
  }
  const helpers: Candidate[] = [];
  for (const file of sorted) {
    const module = tsProtoModulePath(file);
    for (const type of typesOf(file)) {
      const isEnum = type.kind === "enum";
      const what = `${isEnum ? "enum" : "message"} ${type.typeName}`;
      const candidate = {
        local: tsProtoTypeName(type),
        module,
        typeOnly: false,
        what,
        suffix: isEnum ? "Enum" : "Message",
      };
      typeCandidates.set(type.typeName, candidate);
      candidates.push(candidate);
      if (type.kind === "enum") {
        for (const fn of tsProtoEnumFunctions(type)) {
          helpers.push({ local: fn, module, typeOnly: false, what: `JSON helper of ${what}`, suffix: "" });
        }
      }
    }
  }
  candidates.push(...helpers);
  const allocated = allocate(candidates);
  const nameOf = (c: Candidate) => allocated.get(c)!.name;
  return {
    exports: [...allocated.values()],
    types: new Map([...typeCandidates].map(([typeName, c]) => [typeName, nameOf(c)])),
    services: new Map(
      [...serviceCandidates].map(([service, [d, c, f]]) => [
        service,
        { definition: nameOf(d), client: nameOf(c), factory: nameOf(f) },
      ]),
    ),
  };
}

/** Gives each candidate a distinct exported name, in order. */
function allocate(candidates: readonly Candidate[]): Map<Candidate, SdkExport> {
  const taken = new Set<string>();
  const result = new Map<Candidate, SdkExport>();
  for (const c of candidates) {
    let name = c.local;
    if (taken.has(name) && c.suffix !== "") name = `${c.local}${c.suffix}`;
    for (let n = 2; taken.has(name); n++) name = `${c.local}${c.suffix}${n}`;
    taken.add(name);
    result.set(c, { name, local: c.local, module: c.module, typeOnly: c.typeOnly, what: c.what });
  }
  return result;
}

/** The messages (map entries aside) and enums of `file`, nested ones after their parent. */
function typesOf(file: DescFile): (DescMessage | DescEnum)[] {
  const types: (DescMessage | DescEnum)[] = [];
  const visit = (enums: readonly DescEnum[], messages: readonly DescMessage[]) => {
    types.push(...enums);
    for (const message of messages) {
      if (message.proto.options?.mapEntry === true) continue;
      types.push(message);
      visit(message.nestedEnums, message.nestedMessages);
    }
  };
  visit(file.enums, file.messages);
  return types;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
