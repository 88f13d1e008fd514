import { CommandError } from "./cli-errors.js";
import type { RpcCliIo } from "./cli-io.js";
import { openContext, targetAndSymbol } from "./command-context.js";
import { COMMON_FLAGS, type CommonFlags, parseFlags } from "./command-flags.js";
import { findSymbol } from "./find-symbol.js";
import { HELP } from "./help.js";

/** `h2rpc list [HOST:PORT] [SERVICE]`: the services, or the methods of one. */
export async function listCommand(args: readonly string[], io: RpcCliIo): Promise<number> {
  const { values: flags, positionals } = parseFlags<typeof COMMON_FLAGS, CommonFlags>(args, COMMON_FLAGS);
  if (flags.help) {
    io.out(HELP.list);
    return 0;
  }
  const [target, service] = targetAndSymbol(positionals, flags);
  const context = await openContext(flags, target, io);
  try {
    if (service === undefined) {
      for (const name of await context.source.listServices()) io.out(`${name}\n`);
      return 0;
    }
    const definitions = await context.source.definitionsFor(service);
    const found = findSymbol(definitions.root, service);
    if (found?.kind !== "service") throw new CommandError(`"${service}" is not a service`);
    for (const method of found.value.methodsArray) {
      io.out(`${found.value.fullName.replace(/^\./, "")}.${method.name}\n`);
    }
    return 0;
  } finally {
    context.close();
  }
}
