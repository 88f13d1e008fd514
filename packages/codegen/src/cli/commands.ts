import type { CliCommand } from "./cli-command.js";
import { generateCommand } from "./generate-command.js";
import { rpcCommands } from "./rpc-commands.js";

/** Every `h2rpc` command, in the order `h2rpc --help` lists them. */
export const COMMANDS: readonly CliCommand[] = [generateCommand, ...rpcCommands()];

/** The command called `name` (or one of its aliases), if any. */
export function findCommand(name: string): CliCommand | undefined {
  return COMMANDS.find((command) => command.name === name || command.aliases.includes(name));
}
