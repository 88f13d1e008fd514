/** Options of protoc-gen-h2rpc, given as `key=value` pairs separated by commas. */
export interface PluginOptions {
  /** Module the generated code imports the runtime from (`runtime=`). Default `h2rpc`. */
  runtime: string;
  /**
   * Suffix of relative imports of ts-proto's modules (`import_suffix=`); match ts-proto's
   * `importSuffix`. Default `.js`.
   */
  importSuffix: string;
  /**
   * Export the file's serialized FileDescriptorProto as `fileDescriptor`, and with those of
   * every file it imports as `fileDescriptors`, for server reflection (`file_descriptor=`).
   * Default true; `file_descriptor=false` leaves them out.
   */
  fileDescriptor: boolean;
  /**
   * Write the `<Service>Server` handler interfaces (`server=`). Default true; `server=false`
   * writes client code only (definitions, client interfaces and factories), as SDKs want.
   */
  server: boolean;
}

const DEFAULTS: PluginOptions = { runtime: "h2rpc", importSuffix: ".js", fileDescriptor: true, server: true };

/** Parses the plugin parameter (`runtime=h2rpc,import_suffix=.js,server=false`); throws on unknown keys. */
export function parsePluginOptions(parameter: string): PluginOptions {
  const options = { ...DEFAULTS };
  for (const pair of parameter.split(",")) {
    if (pair.trim() === "") continue;
    const eq = pair.indexOf("=");
    const key = (eq < 0 ? pair : pair.slice(0, eq)).trim();
    const value = eq < 0 ? "" : pair.slice(eq + 1).trim();
    switch (key) {
      case "runtime":
        if (value === "") throw new Error("option runtime needs a module name, e.g. runtime=h2rpc");
        options.runtime = value;
        break;
      case "import_suffix":
        options.importSuffix = value;
        break;
      case "file_descriptor":
        options.fileDescriptor = parseBoolean(key, value);
        break;
      case "server":
        options.server = parseBoolean(key, value);
        break;
      default:
        throw new Error(`unknown option "${key}" (known: runtime, import_suffix, file_descriptor, server)`);
    }
  }
  return options;
}

function parseBoolean(key: string, value: string): boolean {
  if (value === "" || value === "true") return true;
  if (value === "false") return false;
  throw new Error(`option ${key} must be true or false, got "${value}"`);
}
