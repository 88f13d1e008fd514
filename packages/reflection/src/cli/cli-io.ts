/**
 * Where a command prints and reads: the same shape as @h2rpc/codegen's `CliIo`, which the
 * `h2rpc` bin passes in.
 */
export interface RpcCliIo {
  /** The working directory; relative paths (`--proto`, `--cacert`, `-d @file`) resolve against it. */
  readonly cwd: string;
  /** Prints to standard output. */
  out(text: string): void;
  /** Prints to standard error. */
  err(text: string): void;
  /** Standard input, read by `-d @`. Default: none, as if empty. */
  readonly stdin?: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;
}
