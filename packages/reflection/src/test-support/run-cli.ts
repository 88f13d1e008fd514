import type { RpcCommandName } from "../cli/run-rpc-command.js";
import { runRpcCommand } from "../cli.js";
import { captureIo } from "./capture-io.js";

/** What one in-process `h2rpc <command>` run printed and returned. */
export interface CliRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `h2rpc <argv>` in-process (list, describe or call), `stdin` as standard input. */
export async function runCli(
  argv: readonly string[],
  stdin?: Iterable<string> | AsyncIterable<string>,
  cwd?: string,
): Promise<CliRun> {
  const [name, ...args] = argv;
  const io = captureIo(stdin, cwd);
  const exitCode = await runRpcCommand(name as RpcCommandName, args, io);
  return { exitCode, stdout: io.stdout, stderr: io.stderr };
}
