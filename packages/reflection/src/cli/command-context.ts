import type { Channel } from "h2rpc";
import { UsageError } from "./cli-errors.js";
import type { RpcCliIo } from "./cli-io.js";
import type { CommonFlags } from "./command-flags.js";
import { type ConnectionSettings, connectionSettings, openChannel } from "./connection.js";
import { protoFilesSource, reflectionSource, type SchemaSource } from "./schema-source.js";

/** What a command works with: the schema source, and the channel when there is a target. */
export interface CommandContext {
  /** Reflection, or the --proto files. */
  readonly source: SchemaSource;
  /** The channel to the target, when one was given. */
  readonly channel: Channel | undefined;
  /** Metadata, deadline and TLS from the flags. */
  readonly settings: ConnectionSettings;
  /** Ends the reflection stream and closes the channel. */
  close(): void;
}

/** Opens the schema source (and channel) for `flags` and `target`. */
export async function openContext(
  flags: CommonFlags,
  target: string | undefined,
  io: RpcCliIo,
): Promise<CommandContext> {
  const settings = connectionSettings(flags, io.cwd);
  const protoFiles = flags.proto ?? [];
  if (target === undefined && protoFiles.length === 0) throw new UsageError("missing HOST:PORT (or --proto files)");
  const channel = target === undefined ? undefined : openChannel(target, settings);
  try {
    const source =
      protoFiles.length > 0
        ? await protoFilesSource(protoFiles, flags["import-path"] ?? [], io.cwd)
        : reflectionSource(channel!, settings);
    return {
      source,
      channel,
      settings,
      close() {
        source.close();
        channel?.close();
      },
    };
  } catch (error) {
    channel?.close();
    throw error;
  }
}

/**
 * Splits the positionals of list and describe, `[HOST:PORT] [SYMBOL]`: with --proto files the
 * target is optional, and a lone argument is the target only when it looks like one.
 */
export function targetAndSymbol(positionals: readonly string[], flags: CommonFlags): [string?, string?] {
  if (positionals.length > 2) throw new UsageError(`unexpected argument "${positionals[2]}"`);
  const [first, second] = positionals;
  if ((flags.proto ?? []).length === 0 || positionals.length !== 1) return [first, second];
  return looksLikeTarget(first!) ? [first, undefined] : [undefined, first];
}

function looksLikeTarget(text: string): boolean {
  return /^(?:dns:|unix:|ipv4:|ipv6:|https?:\/\/|\[)/.test(text) || /:\d+$/.test(text);
}
