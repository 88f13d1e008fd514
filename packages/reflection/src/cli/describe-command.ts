import { CommandError } from "./cli-errors.js";
import type { RpcCliIo } from "./cli-io.js";
import { openContext, targetAndSymbol } from "./command-context.js";
import { COMMON_FLAGS, type CommonFlags, parseFlags } from "./command-flags.js";
import { findSymbol } from "./find-symbol.js";
import { HELP } from "./help.js";
import { describeSymbol } from "./proto-printer.js";

/** `h2rpc describe [HOST:PORT] [SYMBOL]`: a symbol as .proto source; every service without one. */
export async function describeCommand(args: readonly string[], io: RpcCliIo): Promise<number> {
  const { values: flags, positionals } = parseFlags<typeof COMMON_FLAGS, CommonFlags>(args, COMMON_FLAGS);
  if (flags.help) {
    io.out(HELP.describe);
    return 0;
  }
  const [target, symbol] = targetAndSymbol(positionals, flags);
  const context = await openContext(flags, target, io);
  try {
    const symbols = symbol === undefined ? await context.source.listServices() : [symbol];
    const texts: string[] = [];
    for (const name of symbols) {
      const definitions = await context.source.definitionsFor(name);
      const found = findSymbol(definitions.root, name);
      if (found === undefined) throw new CommandError(`"${name}" is not a service, method, message, enum or field`);
      texts.push(describeSymbol(found));
    }
    io.out(texts.join("\n"));
    return 0;
  } finally {
    context.close();
  }
}
