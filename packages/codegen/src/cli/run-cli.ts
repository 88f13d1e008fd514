import { packageVersion } from "../package-version.js";
import { EXIT_USAGE } from "./cli-command.js";
import type { CliIo } from "./cli-io.js";
import { COMMANDS, findCommand } from "./commands.js";

/** The text of `h2rpc --help`, listing the commands. */
export function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`);
  return [
    "Usage: h2rpc <command> [options]",
    "",
    "Commands:",
    ...lines,
    "",
    "Options:",
    "  -h, --help     show this help (h2rpc <command> --help: help on a command)",
    "  -v, --version  print the version",
    "",
  ].join("\n");
}

/**
 * Runs the `h2rpc` command line (`argv` without `node` and the script) and resolves to the
 * exit code: 0 on success, 1 when the command failed, 2 for a malformed command line.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.err(usage());
    return EXIT_USAGE;
  }
  if (name === "-h" || name === "--help" || name === "help") {
    const topic = rest[0] === undefined ? undefined : findCommand(rest[0]);
    if (topic !== undefined) return topic.run(["--help"], io);
    io.out(usage());
    return 0;
  }
  if (name === "-v" || name === "--version") {
    io.out(`${packageVersion()}\n`);
    return 0;
  }
  const command = findCommand(name);
  if (command === undefined) {
    io.err(`h2rpc: unknown command "${name}"\n\n${usage()}`);
    return EXIT_USAGE;
  }
  return command.run(rest, io);
}
