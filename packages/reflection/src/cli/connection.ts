import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { type CallOptions, type Channel, type ClientTlsOptions, createChannel, Metadata } from "h2rpc";
import { CommandError, UsageError } from "./cli-errors.js";
import type { CommonFlags } from "./command-flags.js";
import { parseDuration } from "./duration.js";

/** How the command reaches the server, from its flags. */
export interface ConnectionSettings {
  /** TLS options, or undefined for plaintext (h2c). */
  readonly tls: ClientTlsOptions | undefined;
  /** What every call of the command sends: metadata and the deadline of `--timeout`. */
  readonly callOptions: CallOptions;
}

/**
 * Reads the connection flags: `-H 'key: value'` metadata (repeatable; `-bin` keys take base64),
 * `--timeout` (one deadline for everything the command does), and TLS (`--tls`, `--cacert`,
 * `--cert` + `--key`, `--servername`, `--insecure`; `--plaintext`, the default, excludes them).
 * @throws {UsageError} for a malformed flag. @throws {CommandError} for an unreadable file.
 */
export function connectionSettings(flags: CommonFlags, cwd: string, now = Date.now()): ConnectionSettings {
  const callOptions: CallOptions = { metadata: parseHeaders(flags.header ?? []), propagate: false };
  if (flags.timeout !== undefined) {
    const ms = parseDuration(flags.timeout);
    if (ms === undefined) throw new UsageError(`--timeout: "${flags.timeout}" is not a duration such as 5s or 500ms`);
    callOptions.deadline = now + ms;
  }
  return { tls: tlsOptions(flags, cwd), callOptions };
}

/** Opens a channel to `target` with the settings' TLS. */
export function openChannel(target: string, settings: ConnectionSettings): Channel {
  try {
    return createChannel(target, settings.tls === undefined ? {} : { tls: settings.tls });
  } catch (error) {
    throw new UsageError(`invalid target "${target}": ${error instanceof Error ? error.message : String(error)}`);
  }
}

function parseHeaders(headers: readonly string[]): Metadata {
  const metadata = new Metadata();
  for (const header of headers) {
    const colon = header.indexOf(":");
    if (colon <= 0) throw new UsageError(`-H "${header}": expected "key: value"`);
    const key = header.slice(0, colon).trim().toLowerCase();
    const text = header.slice(colon + 1).trim();
    try {
      metadata.append(key, key.endsWith("-bin") ? new Uint8Array(Buffer.from(text, "base64")) : text);
    } catch (error) {
      throw new UsageError(`-H "${header}": ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return metadata;
}

function tlsOptions(flags: CommonFlags, cwd: string): ClientTlsOptions | undefined {
  const wantsTls =
    flags.tls === true ||
    flags.insecure === true ||
    [flags.cacert, flags.cert, flags.key, flags.servername].some((value) => value !== undefined);
  if (!wantsTls) return undefined;
  if (flags.plaintext) {
    throw new UsageError(
      "--plaintext cannot be combined with --tls, --cacert, --cert, --key, --servername or --insecure",
    );
  }
  if ((flags.cert === undefined) !== (flags.key === undefined)) {
    throw new UsageError("--cert and --key go together (a client certificate and its private key)");
  }
  const tls: ClientTlsOptions = {};
  if (flags.cacert !== undefined) tls.ca = readFlagFile("--cacert", flags.cacert, cwd);
  if (flags.cert !== undefined) tls.cert = readFlagFile("--cert", flags.cert, cwd);
  if (flags.key !== undefined) tls.key = readFlagFile("--key", flags.key, cwd);
  if (flags.servername !== undefined) tls.serverName = flags.servername;
  if (flags.insecure) tls.rejectUnauthorized = false;
  return tls;
}

function readFlagFile(flag: string, path: string, cwd: string): Buffer {
  try {
    return readFileSync(resolve(cwd, path));
  } catch (error) {
    throw new CommandError(`${flag}: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}
