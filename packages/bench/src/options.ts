import { parseArgs } from "node:util";

/** How long and how much the benchmark runs. */
export interface BenchOptions {
  /** The short profile (a smoke run of a few seconds per section). */
  quick: boolean;
  /** Rounds of the interleaved matrix; medians over rounds are reported. */
  rounds: number;
  /** Warm-up of each run, ms (excluded from every figure). */
  warmupMs: number;
  /** Measured window of each run, ms. */
  durationMs: number;
  /** Rounds of the memory probes. */
  memoryRounds: number;
  /** Idle client sessions opened by the idle-session probe. */
  idleSessions: number;
  /** Unary calls kept in flight by the in-flight probe. */
  inflightCalls: number;
  /** Also drive each server with h2load (installing nghttp2-client when missing). */
  h2load: boolean;
  /** Write the report to docs/benchmarks.md. */
  write: boolean;
  /** Run only the scenarios whose id contains one of these. */
  only: string[];
  /** Run without taskset pinning. */
  noPin: boolean;
  /** Print usage and exit. */
  help: boolean;
}

/** Usage text of `npm run bench`. */
export const USAGE = `Usage: npm run bench -- [options]

Benchmarks h2rpc against bare node:http2 (the ceiling) and @grpc/grpc-js: same proto, same
payloads, servers and load generators in separate child processes (pinned to different cores
with taskset when possible), runs interleaved A B C A B C over several rounds, medians reported.

Options:
  --quick            a short run (a few seconds per section): checks the harness, not for numbers
  --rounds <n>       rounds of the interleaved matrix (default 5, --quick 2)
  --duration-ms <n>  measured window of each run (default 2000, --quick 70)
  --warmup-ms <n>    warm-up of each run (default 500, --quick 30)
  --h2load           also load each server with h2load (Debian package nghttp2-client, installed
                     with apt-get when missing and possible; skipped with a note otherwise)
  --only <ids>       comma-separated substrings of scenario ids (e.g. unary-100b,ping-pong)
  --no-pin           do not pin with taskset
  --write            also write the report to docs/benchmarks.md
  -h, --help         this text
`;

/** Parses the command line (without `node script`). @throws TypeError on a bad option. */
export function parseOptions(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: "boolean", default: false },
      rounds: { type: "string" },
      "duration-ms": { type: "string" },
      "warmup-ms": { type: "string" },
      h2load: { type: "boolean", default: false },
      write: { type: "boolean", default: false },
      only: { type: "string" },
      "no-pin": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const quick = values.quick;
  return {
    quick,
    rounds: positiveInt(values.rounds, quick ? 2 : 5, "--rounds"),
    durationMs: positiveInt(values["duration-ms"], quick ? 70 : 2000, "--duration-ms"),
    warmupMs: positiveInt(values["warmup-ms"], quick ? 30 : 500, "--warmup-ms"),
    memoryRounds: quick ? 1 : 3,
    idleSessions: quick ? 100 : 500,
    inflightCalls: quick ? 200 : 500,
    h2load: values.h2load,
    write: values.write,
    only: (values.only ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== ""),
    noPin: values["no-pin"],
    help: values.help,
  };
}

function positiveInt(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new TypeError(`${name} must be a positive integer, got ${value}`);
  return n;
}
