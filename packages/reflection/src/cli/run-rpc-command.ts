import { callCommand } from "./call-command.js";
import { reportError } from "./cli-errors.js";
import type { RpcCliIo } from "./cli-io.js";
import { describeCommand } from "./describe-command.js";
import { listCommand } from "./list-command.js";

/** The commands `h2rpc` delegates to this package. */
export type RpcCommandName = "list" | "describe" | "call";

const COMMANDS: Record<RpcCommandName, (args: readonly string[], io: RpcCliIo) => Promise<number>> = {
  list: listCommand,
  describe: describeCommand,
  call: callCommand,
};

/**
 * Runs `h2rpc <name> ...args` and resolves to its exit code: 0, 1 when it failed (an RPC error
 * prints `ERROR: <CODE_NAME>: <message>`), 2 for a malformed command line.
 */
export async function runRpcCommand(name: RpcCommandName, args: readonly string[], io: RpcCliIo): Promise<number> {
  const command = COMMANDS[name];
  if (command === undefined) {
    io.err(`h2rpc: unknown command "${String(name)}"\n`);
    return 2;
  }
  try {
    return await command(args, io);
  } catch (error) {
    return reportError(name, error, io);
  }
}
