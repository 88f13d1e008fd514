import { posix } from "node:path";
import type { DescFile, DescMessage } from "@bufbuild/protobuf";
import { H2RPC_HEADER } from "../generated-header.js";
import { type FileDescriptorNames, renderFileDescriptors } from "./file-descriptor.js";
import { createImportScope, type ImportScope } from "./import-scope.js";
import type { PluginOptions } from "./plugin-options.js";
import { type RuntimeName, renderService } from "./render-service.js";
import { serviceNames } from "./service-names.js";
import { tsProtoMessageName, tsProtoModulePath } from "./ts-proto-names.js";

/** A file for the plugin to write. */
export interface GeneratedFile {
  /** Path relative to the output directory, e.g. `helloworld/greeter.h2rpc.ts`. */
  readonly name: string;
  /** The TypeScript source. */
  readonly content: string;
}

const RUNTIME_NAMES: readonly RuntimeName[] = [
  "CallOptions",
  "Channel",
  "ClientOptions",
  "DeepPartial",
  "RequestStream",
  "ServerCallContext",
  "StreamResult",
  "UnaryResult",
  "createClient",
];

/** Globals the generated code refers to, which imported message names must not shadow. */
const GLOBALS = ["AsyncIterable", "Promise"];

/** Names of the exported FileDescriptorProtos, unless `file_descriptor=false`. */
const FILE_DESCRIPTOR_NAMES: FileDescriptorNames = { single: "fileDescriptor", all: "fileDescriptors" };

/**
 * Renders `<file>.h2rpc.ts` for a .proto file: every service's definition, client and server
 * interfaces (the latter unless `server=false`) and client factory, importing messages from
 * ts-proto's modules. Returns undefined
 * for a file without services.
 */
export function renderServiceFile(file: DescFile, options: PluginOptions): GeneratedFile | undefined {
  if (file.services.length === 0) return undefined;
  const modulePath = tsProtoModulePath(file);
  try {
    const scope = createImportScope({
      globals: GLOBALS,
      preferred: RUNTIME_NAMES.map((name) => ({ name, from: options.runtime })),
    });
    const names = serviceNames(file.services);
    for (const n of names.values()) {
      for (const name of [n.definition, n.client, n.factory]) scope.declare(name);
      if (options.server) scope.declare(n.server);
    }
    if (options.fileDescriptor) {
      scope.declare(FILE_DESCRIPTOR_NAMES.single);
      scope.declare(FILE_DESCRIPTOR_NAMES.all);
    }
    const ctx = {
      runtime: (name: RuntimeName) => scope.use({ name, from: options.runtime }, name !== "createClient"),
      message: (message: DescMessage) => useMessage(scope, modulePath, message, options.importSuffix),
    };
    // Allocate names so that the file's own messages, then its package's, keep their names.
    for (const message of messagesByProximity(file)) ctx.message(message);
    const blocks = file.services.map((service) => renderService(service, names.get(service)!, ctx, options));
    if (options.fileDescriptor) blocks.push(renderFileDescriptors(file, FILE_DESCRIPTOR_NAMES));
    const content = [
      `${H2RPC_HEADER}\n`,
      `// source: ${file.proto.name}\n`,
      scope.render(),
      "\n",
      blocks.join("\n"),
    ].join("");
    return { name: `${modulePath}.h2rpc.ts`, content };
  } catch (error) {
    throw new Error(`${file.proto.name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The messages the services of `file` use: the file's own first, then its package's, then others. */
function messagesByProximity(file: DescFile): DescMessage[] {
  const used = file.services.flatMap((s) => s.methods.flatMap((m) => [m.input, m.output]));
  const rank = (m: DescMessage) => (m.file === file ? 0 : m.file.proto.package === file.proto.package ? 1 : 2);
  return [...new Set(used)].sort((a, b) => rank(a) - rank(b));
}

function useMessage(scope: ImportScope, fromModule: string, message: DescMessage, suffix: string): string {
  const from = relativeModule(fromModule, tsProtoModulePath(message.file)) + suffix;
  return scope.use({ name: tsProtoMessageName(message), from });
}

/** The import specifier of module `to` from module `from`, both relative to the output root. */
function relativeModule(from: string, to: string): string {
  const relative = posix.relative(posix.dirname(from), to);
  return relative.startsWith("../") ? relative : `./${relative}`;
}
