/** A named import: `name` exported by module `from`. */
export interface ImportRef {
  /** The exported name. */
  readonly name: string;
  /** The module specifier, e.g. `h2rpc` or `../common/v1/types.js`. */
  readonly from: string;
}

/** Allocates the identifiers of one generated module and prints its imports. */
export interface ImportScope {
  /** Claims `name` for a declaration of this module; throws when it is already taken. */
  declare(name: string): string;
  /**
   * The local identifier of an import, chosen on first use: the exported name when it is
   * free, else `name$1`, `name$2`, ... (`$` never appears in a proto or ts-proto name).
   * `typeOnly` uses are printed as `import type`.
   */
  use(ref: ImportRef, typeOnly?: boolean): string;
  /** The import statements of every import used: bare modules first, then by path. */
  render(): string;
}

/** Options of {@link createImportScope}. */
export interface ImportScopeOptions {
  /** Global names the module refers to, which no import may shadow (e.g. `Promise`). */
  globals?: readonly string[];
  /** Imports that always keep their own name (e.g. the runtime's types); printed only if used. */
  preferred?: readonly ImportRef[];
}

interface Binding {
  readonly ref: ImportRef;
  readonly local: string;
  used: boolean;
  typeOnly: boolean;
}

/** Creates the identifier scope of one generated module. */
export function createImportScope(options: ImportScopeOptions = {}): ImportScope {
  const taken = new Set<string>(options.globals);
  const bindings = new Map<string, Binding>();
  const keyOf = (ref: ImportRef) => `${ref.from}\0${ref.name}`;
  const bind = (ref: ImportRef, local: string): Binding => {
    const binding: Binding = { ref, local, used: false, typeOnly: true };
    taken.add(local);
    bindings.set(keyOf(ref), binding);
    return binding;
  };
  for (const ref of options.preferred ?? []) {
    if (taken.has(ref.name)) throw new Error(`import ${ref.name} from "${ref.from}" is already taken`);
    bind(ref, ref.name);
  }
  return {
    declare(name) {
      if (taken.has(name)) throw new Error(`the name ${name} is declared twice`);
      taken.add(name);
      return name;
    },
    use(ref, typeOnly = false) {
      let binding = bindings.get(keyOf(ref));
      if (binding === undefined) {
        let local = ref.name;
        for (let n = 1; taken.has(local); n++) local = `${ref.name}$${n}`;
        binding = bind(ref, local);
      }
      binding.used = true;
      binding.typeOnly &&= typeOnly;
      return binding.local;
    },
    render() {
      return renderImports([...bindings.values()].filter((b) => b.used));
    },
  };
}

function renderImports(bindings: readonly Binding[]): string {
  const modules = [...new Set(bindings.map((b) => b.ref.from))].sort(compareModules);
  const lines: string[] = [];
  for (const from of modules) {
    const inModule = bindings.filter((b) => b.ref.from === from);
    for (const typeOnly of [true, false]) {
      const names = inModule
        .filter((b) => b.typeOnly === typeOnly)
        .map((b) => (b.local === b.ref.name ? b.local : `${b.ref.name} as ${b.local}`))
        .sort(compareText);
      if (names.length === 0) continue;
      lines.push(`import ${typeOnly ? "type " : ""}{ ${names.join(", ")} } from ${JSON.stringify(from)};\n`);
    }
  }
  return lines.join("");
}

function compareModules(a: string, b: string): number {
  const aRelative = a.startsWith(".");
  const bRelative = b.startsWith(".");
  if (aRelative !== bRelative) return aRelative ? 1 : -1;
  return compareText(a, b);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
