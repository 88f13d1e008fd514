import type { Channel } from "h2rpc";
import { createReflectionClient } from "../client/reflection-client.js";
import type { DynamicDefinitions } from "../dynamic/definitions.js";
import { definitionsFromDescriptors } from "../dynamic/from-descriptors.js";
import { loadProtoDefinitions } from "../dynamic/load-proto.js";
import { CommandError } from "./cli-errors.js";
import type { ConnectionSettings } from "./connection.js";
import { findSymbol } from "./find-symbol.js";

/** Where a command learns the services and messages: server reflection or local .proto files. */
export interface SchemaSource {
  /** The full names of the services, sorted. */
  listServices(): Promise<string[]>;
  /**
   * Definitions holding `symbol` (a service, method, message, enum or field) and what it uses.
   * Rejects with an RpcError (reflection) or a CommandError (local files) when it is unknown.
   */
  definitionsFor(symbol: string): Promise<DynamicDefinitions>;
  /** Releases the reflection stream, if any. */
  close(): void;
}

/** Server reflection over `channel` (v1, else v1alpha), with the command's metadata and deadline. */
export function reflectionSource(channel: Channel, settings: ConnectionSettings): SchemaSource {
  const client = createReflectionClient(channel, { callOptions: settings.callOptions });
  return {
    listServices: async () => (await client.listServices()).sort(),
    definitionsFor: async (symbol) => definitionsFromDescriptors(await client.filesForSymbol(symbol)),
    close: () => client.close(),
  };
}

/** The `--proto` files, looked up in the working directory and the `--import-path` directories. */
export async function protoFilesSource(
  files: readonly string[],
  importPaths: readonly string[],
  cwd: string,
): Promise<SchemaSource> {
  let definitions: DynamicDefinitions;
  try {
    definitions = await loadProtoDefinitions(files, { includeDirs: importPaths, cwd });
  } catch (error) {
    throw new CommandError(`cannot load the --proto files: ${error instanceof Error ? error.message : String(error)}`);
  }
  return {
    listServices: async () => definitions.services.map((s) => s.fullName),
    async definitionsFor(symbol) {
      if (findSymbol(definitions.root, symbol) === undefined) {
        throw new CommandError(`symbol "${symbol}" not found in the --proto files`);
      }
      return definitions;
    },
    close() {},
  };
}
