import { type CliCommand, EXIT_FAILURE } from "./cli-command.js";
import type { CliIo } from "./cli-io.js";

/** The commands that talk to a server, implemented by `@h2rpc/reflection/cli`. */
export type RpcCommandName = "list" | "describe" | "call";

/** What the h2rpc bin uses of `@h2rpc/reflection/cli`. */
export interface RpcCliModule {
  /** Runs `h2rpc <name> ...args`; resolves to the exit code. */
  runRpcCommand(name: RpcCommandName, args: readonly string[], io: CliIo): Promise<number>;
}

/** Loads the module implementing the RPC commands. */
export type RpcCliLoader = () => Promise<RpcCliModule>;

/** The package holding the RPC commands: an optional peer dependency, loaded on first use. */
export const REFLECTION_PACKAGE = "@h2rpc/reflection";

/**
 * Imports `@h2rpc/reflection/cli`. The specifier is a variable so that building this package
 * needs nothing of @h2rpc/reflection (which itself is built with `h2rpc generate`).
 */
export const loadRpcCli: RpcCliLoader = () => {
  const specifier: string = `${REFLECTION_PACKAGE}/cli`;
  return import(specifier) as Promise<RpcCliModule>;
};

const SUMMARIES: Record<RpcCommandName, string> = {
  list: "list the services of a server (reflection) or of .proto files",
  describe: "show a service, method, message or enum as .proto source",
  call: "call a method with JSON requests, printing JSON responses",
};

/** `h2rpc list`, `h2rpc describe` and `h2rpc call`, loading their implementation on first use. */
export function rpcCommands(load: RpcCliLoader = loadRpcCli): CliCommand[] {
  return (Object.keys(SUMMARIES) as RpcCommandName[]).map((name) => ({
    name,
    aliases: [],
    summary: SUMMARIES[name],
    async run(args, io) {
      let module: RpcCliModule;
      try {
        module = await load();
      } catch (error) {
        io.err(`h2rpc ${name}: ${loadFailure(error)}\n`);
        return EXIT_FAILURE;
      }
      return module.runRpcCommand(name, args, io);
    },
  }));
}

function loadFailure(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "ERR_MODULE_NOT_FOUND" || code === "ERR_PACKAGE_PATH_NOT_EXPORTED") {
    return `needs the ${REFLECTION_PACKAGE} package next to @h2rpc/codegen: npm install ${REFLECTION_PACKAGE}`;
  }
  return `cannot load ${REFLECTION_PACKAGE}: ${error instanceof Error ? error.message : String(error)}`;
}
