import type { DescriptorProto, EnumDescriptorProto, FileDescriptorProto } from "@bufbuild/protobuf/wkt";

/** What kind of element a fully-qualified proto name refers to. */
export type SymbolKind = "service" | "method" | "message" | "field" | "oneof" | "enum" | "enum value" | "extension";

/** An extension declared in a file: which message it extends, with which field number. */
export interface ExtensionEntry {
  /** The fully-qualified name of the extended message, without leading dot. */
  readonly extendee: string;
  /** The extension's field number. */
  readonly number: number;
}

/** The symbols and extensions one file declares. */
export interface FileSymbols {
  /** Fully-qualified names (no leading dot) of every element, with their kind. */
  readonly symbols: Map<string, SymbolKind>;
  /** The extensions, top-level and nested in messages. */
  readonly extensions: ExtensionEntry[];
}

/**
 * Every name `file` declares, as `FindDescriptorByName` in the protobuf runtimes sees them:
 * services and their methods, messages (nested too) with their fields and oneofs, enums with
 * their values (scoped beside the enum, as in C++), and extensions.
 */
export function fileSymbols(file: FileDescriptorProto): FileSymbols {
  const out: FileSymbols = { symbols: new Map(), extensions: [] };
  const scope = file.package;
  for (const service of file.service) {
    const name = join(scope, service.name);
    out.symbols.set(name, "service");
    for (const method of service.method) out.symbols.set(join(name, method.name), "method");
  }
  for (const message of file.messageType) addMessage(out, scope, message);
  for (const e of file.enumType) addEnum(out, scope, e);
  for (const field of file.extension) {
    out.symbols.set(join(scope, field.name), "extension");
    out.extensions.push({ extendee: stripDot(field.extendee), number: field.number });
  }
  return out;
}

function addMessage(out: FileSymbols, scope: string, message: DescriptorProto): void {
  const name = join(scope, message.name);
  out.symbols.set(name, "message");
  for (const field of message.field) out.symbols.set(join(name, field.name), "field");
  for (const oneof of message.oneofDecl) out.symbols.set(join(name, oneof.name), "oneof");
  for (const nested of message.nestedType) addMessage(out, name, nested);
  for (const e of message.enumType) addEnum(out, name, e);
  for (const field of message.extension) {
    out.symbols.set(join(name, field.name), "extension");
    out.extensions.push({ extendee: stripDot(field.extendee), number: field.number });
  }
}

function addEnum(out: FileSymbols, scope: string, e: EnumDescriptorProto): void {
  out.symbols.set(join(scope, e.name), "enum");
  for (const value of e.value) out.symbols.set(join(scope, value.name), "enum value");
}

function join(scope: string, name: string): string {
  return scope === "" ? name : `${scope}.${name}`;
}

/** `name` without the leading dot of a fully-qualified descriptor reference. */
export function stripDot(name: string): string {
  return name.startsWith(".") ? name.slice(1) : name;
}
