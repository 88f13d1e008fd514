import type { BenchOptions } from "../options.js";
import type { H2loadSample, MemorySample, RunSample } from "../runner/samples.js";
import type { Scenario } from "../scenarios.js";
import type { Machine } from "./machine.js";
import { clientCost, failures, h2load, headToHead, memory } from "./sections.js";

/** Everything a report shows. */
export interface ReportInput {
  date: Date;
  machine: Machine;
  /** The command as the user typed it. */
  command: string;
  pinning: string;
  options: BenchOptions;
  scenarios: readonly Scenario[];
  runs: readonly RunSample[];
  memory: readonly MemorySample[];
  h2load: readonly H2loadSample[];
  /** Why h2load did not run, or how it was found. */
  h2loadNote: string;
  /** Wall time of the whole benchmark, s. */
  elapsedS: number;
}

/** The report as Markdown: context, then one table per section, then what was not measured. */
export function renderReport(input: ReportInput): string {
  const { machine, options } = input;
  const profile = options.quick ? "quick (a harness check; too short for conclusions)" : "full";
  const parts: string[] = [
    "# h2rpc benchmarks",
    "",
    `- Date: ${input.date.toISOString()}`,
    `- Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB; Node ${machine.node}; ${process.platform} ${process.arch}`,
    `- Command: \`${input.command}\``,
    `- Profile: ${profile}; ${options.rounds} interleaved rounds (h2rpc, bare, grpc-js per scenario, order rotating per round), ` +
      `warm-up ${options.warmupMs} ms + measured ${options.durationMs} ms per run, medians over rounds; ` +
      `whole run ${Math.round(input.elapsedS)} s`,
    `- Processes: every server and every load generator is its own child process; ${input.pinning}`,
    "",
    "Cells read `figure (ratio to bare node:http2 / ratio to @grpc/grpc-js)`, both from the same run; " +
      "a ratio is this figure ÷ the reference's, so above 1× is better for throughput and worse for CPU, " +
      "latency and memory. A *unit* is a call for unary scenarios, a message for streams, a round trip for " +
      "ping-pong. Server CPU is the server process's user + system time over the measured window " +
      "(process.cpuUsage), divided by the units; client CPU is the load generator's, likewise. Latency is " +
      "per call (a whole stream for streaming scenarios) as the client sees it, so at high concurrency it " +
      "includes queueing. MB/s counts payload bytes (echo: both directions; streams: the streamed direction).",
    "",
    "## Client and server of each implementation",
    "",
    "Here each server is loaded by its own implementation's client, so server CPU per unit depends on the " +
      "client too: a slower client sends fewer requests per socket read, and the server then spends more per " +
      "call (on this machine, 25 µs of busy work per call added to the bare client raised the bare server's " +
      "CPU per call by 6–34 % in four paired runs at c=10). The h2load table below loads every server with the same client.",
    "",
    headToHead(input),
  ];
  const cost = clientCost(input);
  if (cost !== undefined) {
    parts.push(
      "",
      "## Client cost: each client against the same (bare node:http2) server",
      "",
      "The server is the same cheap one for every client, so the difference is the client's. " +
        "Ratios: to the bare client / to the grpc-js client.",
      "",
      cost,
    );
  }
  const mem = memory(input);
  if (mem !== undefined) {
    parts.push(
      "",
      "## Memory",
      "",
      `V8 heap (heapUsed) after full collections (\`--expose-gc\`), divided by the count: ` +
        `${options.idleSessions} idle client sessions (a channel or client with one HTTP/2 connection, ` +
        `after one unary call), and ${options.inflightCalls} unary calls in flight on one connection, held by ` +
        "the server until both heaps are measured. Median of " +
        `${options.memoryRounds} round(s).`,
      "",
      mem,
    );
  }
  parts.push("", "## h2load: the servers without a Node client", "");
  const h2 = h2load(input);
  parts.push(
    h2 === undefined
      ? `Not run: ${input.h2loadNote}.`
      : `h2load (nghttp2, C, one thread${input.pinning.startsWith("pinned") ? ", on the load-generator core" : ""}) ` +
          "sends the pre-framed 100 B Echo request with `content-type: application/grpc` and `te: trailers`; " +
          `latencies from its per-request log. ${input.h2loadNote}.\n\n${h2}`,
  );
  const failed = failures(input);
  if (failed.length > 0) parts.push("", "## Failures", "", ...failed.map((f) => `- ${f}`));
  parts.push(
    "",
    "## Not measured",
    "",
    "- Native memory: the heap figures leave out nghttp2's session buffers, socket buffers and Buffers outside the " +
      "V8 heap, so they understate all three implementations alike.",
    "- h2load checks the HTTP status only, not `grpc-status` in the trailers, and never decodes a reply; the " +
      "runner checks one request with h2load's headers for grpc-status 0 on each server before it starts.",
    "- The bare node:http2 server echoes the request bytes without decoding them and the bare client never decodes " +
      "replies: it is the ceiling of node:http2, not a gRPC implementation.",
    "- Loopback only: no network latency, no TLS, no compression, no interceptors, default options everywhere.",
    "- Client cost against a common server covers only the scenarios listed in its table.",
    "",
  );
  return parts.join("\n");
}
