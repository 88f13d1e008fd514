import type { FileDescriptorProto } from "@bufbuild/protobuf/wkt";
import { type DecodedFileDescriptor, decodeFileDescriptor, type FileDescriptorInput } from "./descriptor-input.js";
import { fileSymbols, type SymbolKind, stripDot } from "./symbols.js";

/** Where a fully-qualified name is declared. */
export interface SymbolLocation {
  /** The file declaring it, e.g. `helloworld/greeter.proto`. */
  readonly file: string;
  /** What it is. */
  readonly kind: SymbolKind;
}

/**
 * A set of file descriptors indexed the way server reflection looks them up: by file name, by
 * fully-qualified symbol, by extension. Files are kept as given (the bytes served are the bytes
 * received); a name given twice keeps its first descriptor.
 */
export class DescriptorPool {
  readonly #files = new Map<string, DecodedFileDescriptor>();
  readonly #symbols = new Map<string, SymbolLocation>();
  readonly #extensions = new Map<string, string>();
  readonly #extensionNumbers = new Map<string, number[]>();

  /** Indexes `descriptors`; throws a TypeError for one that does not decode. */
  constructor(descriptors: Iterable<FileDescriptorInput>) {
    for (const input of descriptors) this.#add(decodeFileDescriptor(input));
    for (const numbers of this.#extensionNumbers.values()) numbers.sort((a, b) => a - b);
  }

  #add(decoded: DecodedFileDescriptor): void {
    const name = decoded.proto.name;
    if (this.#files.has(name)) return;
    this.#files.set(name, decoded);
    const { symbols, extensions } = fileSymbols(decoded.proto);
    for (const [symbol, kind] of symbols) {
      if (!this.#symbols.has(symbol)) this.#symbols.set(symbol, { file: name, kind });
    }
    for (const { extendee, number } of extensions) {
      const key = `${extendee}#${number}`;
      if (this.#extensions.has(key)) continue;
      this.#extensions.set(key, name);
      const numbers = this.#extensionNumbers.get(extendee) ?? [];
      numbers.push(number);
      this.#extensionNumbers.set(extendee, numbers);
    }
  }

  /** The names of every file, in the order given. */
  get fileNames(): string[] {
    return [...this.#files.keys()];
  }

  /** The decoded descriptor of the file called `name`, if known. */
  file(name: string): FileDescriptorProto | undefined {
    return this.#files.get(name)?.proto;
  }

  /** Where the fully-qualified `symbol` (a leading dot is allowed) is declared, if known. */
  findSymbol(symbol: string): SymbolLocation | undefined {
    return this.#symbols.get(stripDot(symbol));
  }

  /** The file declaring the extension of message `extendee` with field number `number`, if known. */
  findExtension(extendee: string, number: number): string | undefined {
    return this.#extensions.get(`${stripDot(extendee)}#${number}`);
  }

  /**
   * The field numbers of every known extension of message `typeName`, ascending; undefined when
   * `typeName` is not a known message (a known message without extensions has none).
   */
  extensionNumbers(typeName: string): number[] | undefined {
    const name = stripDot(typeName);
    if (this.#symbols.get(name)?.kind !== "message") return undefined;
    return [...(this.#extensionNumbers.get(name) ?? [])];
  }

  /** The fully-qualified names of every service the files declare, sorted. */
  serviceNames(): string[] {
    const names: string[] = [];
    for (const [symbol, location] of this.#symbols) if (location.kind === "service") names.push(symbol);
    return names.sort();
  }

  /**
   * The serialized descriptors of file `name` and of its transitive dependencies, each once:
   * `name` first, then its imports breadth-first (the order grpc-go answers in). Dependencies
   * missing from the pool are skipped. Undefined when `name` is not known.
   */
  withDependencies(name: string): Uint8Array[] | undefined {
    if (!this.#files.has(name)) return undefined;
    const out: Uint8Array[] = [];
    const seen = new Set<string>([name]);
    const queue = [name];
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      const file = this.#files.get(next);
      if (file === undefined) continue;
      out.push(file.bytes);
      for (const dependency of file.proto.dependency) {
        if (seen.has(dependency)) continue;
        seen.add(dependency);
        queue.push(dependency);
      }
    }
    return out;
  }

  /** The names of the files some file imports that are not in the pool, sorted. */
  missingDependencies(): string[] {
    const missing = new Set<string>();
    for (const { proto } of this.#files.values()) {
      for (const dependency of proto.dependency) if (!this.#files.has(dependency)) missing.add(dependency);
    }
    return [...missing].sort();
  }
}
