import { IMPL_LABELS, IMPLS, type ImplName } from "../impls.js";
import { H2LOAD_SCENARIOS } from "../runner/run-h2load.js";
import { ratio } from "../stats.js";
import { formatCount, formatFigure, formatKiB, formatRatio } from "./format.js";
import type { ReportInput } from "./markdown.js";
import { type Figures, summarizeH2load, summarizeMemory, summarizeRuns } from "./summarize.js";

type Values = Partial<Record<ImplName, number>>;

/**
 * A figure with its ratios to the bare node:http2 and grpc-js figures of the same run:
 * "12,345 (0.62× / 1.80×)"; the implementation's own ratio is "—".
 */
function withRatios(impl: ImplName, values: Values, format: (v: number) => string): string {
  const value = values[impl] ?? Number.NaN;
  const vsBare = impl === "bare" ? "—" : formatRatio(ratio(value, values.bare ?? Number.NaN));
  const vsGrpc = impl === "grpc-js" ? "—" : formatRatio(ratio(value, values["grpc-js"] ?? Number.NaN));
  return `${format(value)} (${vsBare} / ${vsGrpc})`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

function pick(figures: Partial<Record<ImplName, Figures>>, f: (x: Figures) => number): Values {
  const out: Values = {};
  for (const impl of IMPLS) if (figures[impl] !== undefined) out[impl] = f(figures[impl]!);
  return out;
}

function throughputCell(impl: ImplName, figures: Partial<Record<ImplName, Figures>>): string {
  const cell = withRatios(
    impl,
    pick(figures, (x) => x.rate),
    formatCount,
  );
  const mb = figures[impl]?.mbPerS ?? Number.NaN;
  return Number.isFinite(mb) ? `${cell}, ${formatFigure(mb)} MB/s` : cell;
}

/** The main table: each implementation's client and server, per scenario, with ratios. */
export function headToHead(input: ReportInput): string {
  const rows: string[][] = [];
  for (const scenario of input.scenarios) {
    const figures: Partial<Record<ImplName, Figures>> = {};
    for (const impl of IMPLS) figures[impl] = summarizeRuns(input.runs, scenario, impl, impl);
    for (const impl of IMPLS) {
      if (figures[impl] === undefined) continue;
      rows.push([
        impl === "h2rpc" ? `**${scenario.title}** (unit: ${scenario.unit})` : "",
        IMPL_LABELS[impl],
        throughputCell(impl, figures),
        withRatios(
          impl,
          pick(figures, (x) => x.serverCpuUsPerUnit),
          formatFigure,
        ),
        withRatios(
          impl,
          pick(figures, (x) => x.p50Ms),
          formatFigure,
        ),
        withRatios(
          impl,
          pick(figures, (x) => x.p99Ms),
          formatFigure,
        ),
        withRatios(
          impl,
          pick(figures, (x) => x.clientCpuUsPerUnit),
          formatFigure,
        ),
      ]);
    }
  }
  return table(
    ["Scenario", "Client + server", "Throughput /s", "Server CPU µs/unit", "p50 ms", "p99 ms", "Client CPU µs/unit"],
    rows,
  );
}

/** Each client against the bare server (client CPU compared); undefined when no such run. */
export function clientCost(input: ReportInput): string | undefined {
  const rows: string[][] = [];
  for (const scenario of input.scenarios.filter((s) => s.clientCost)) {
    const figures: Partial<Record<ImplName, Figures>> = {};
    for (const impl of IMPLS) figures[impl] = summarizeRuns(input.runs, scenario, "bare", impl);
    for (const impl of IMPLS) {
      if (figures[impl] === undefined) continue;
      rows.push([
        impl === "h2rpc" ? `**${scenario.title}** (unit: ${scenario.unit})` : "",
        IMPL_LABELS[impl],
        withRatios(
          impl,
          pick(figures, (x) => x.clientCpuUsPerUnit),
          formatFigure,
        ),
        throughputCell(impl, figures),
        withRatios(
          impl,
          pick(figures, (x) => x.p50Ms),
          formatFigure,
        ),
        withRatios(
          impl,
          pick(figures, (x) => x.p99Ms),
          formatFigure,
        ),
      ]);
    }
  }
  if (rows.length === 0) return undefined;
  return table(["Scenario", "Client (server: bare)", "Client CPU µs/unit", "Throughput /s", "p50 ms", "p99 ms"], rows);
}

/** Heap per idle session/connection and per in-flight call; undefined when the probes did not run. */
export function memory(input: ReportInput): string | undefined {
  const figures = Object.fromEntries(IMPLS.map((impl) => [impl, summarizeMemory(input.memory, impl)]));
  if (IMPLS.every((impl) => figures[impl] === undefined)) return undefined;
  const values = (f: (x: NonNullable<ReturnType<typeof summarizeMemory>>) => number): Values =>
    Object.fromEntries(IMPLS.filter((i) => figures[i] !== undefined).map((i) => [i, f(figures[i]!)]));
  const rows = IMPLS.filter((impl) => figures[impl] !== undefined).map((impl) => [
    IMPL_LABELS[impl],
    withRatios(
      impl,
      values((x) => x.clientIdleSessionBytes),
      formatKiB,
    ),
    withRatios(
      impl,
      values((x) => x.serverIdleConnectionBytes),
      formatKiB,
    ),
    withRatios(
      impl,
      values((x) => x.clientInflightCallBytes),
      formatKiB,
    ),
    withRatios(
      impl,
      values((x) => x.serverInflightCallBytes),
      formatKiB,
    ),
    `${figures[impl]!.serverHolding}/${figures[impl]!.inflightCalls}`,
  ]);
  return table(
    [
      "Implementation",
      "Client heap per idle session",
      "Server heap per idle connection",
      "Client heap per in-flight unary call",
      "Server heap per in-flight unary call",
      "Calls held at the server",
    ],
    rows,
  );
}

/** The servers under h2load; undefined when h2load did not run. */
export function h2load(input: ReportInput): string | undefined {
  if (input.h2load.length === 0) return undefined;
  const rows: string[][] = [];
  for (const scenario of H2LOAD_SCENARIOS) {
    const figures = Object.fromEntries(IMPLS.map((i) => [i, summarizeH2load(input.h2load, scenario.id, i)]));
    const values = (f: (x: NonNullable<ReturnType<typeof summarizeH2load>>) => number): Values =>
      Object.fromEntries(IMPLS.filter((i) => figures[i] !== undefined).map((i) => [i, f(figures[i]!)]));
    for (const impl of IMPLS) {
      if (figures[impl] === undefined) continue;
      rows.push([
        impl === "h2rpc" ? `**${scenario.title}**` : "",
        IMPL_LABELS[impl],
        withRatios(
          impl,
          values((x) => x.rate),
          formatCount,
        ),
        withRatios(
          impl,
          values((x) => x.serverCpuUsPerCall),
          formatFigure,
        ),
        withRatios(
          impl,
          values((x) => x.p50Ms),
          formatFigure,
        ),
        withRatios(
          impl,
          values((x) => x.p99Ms),
          formatFigure,
        ),
      ]);
    }
  }
  return table(["Scenario", "Server", "Calls/s", "Server CPU µs/call", "p50 ms", "p99 ms"], rows);
}

/** One line per (scenario, server, client) or memory probe that had failed calls. */
export function failures(input: ReportInput): string[] {
  const out: string[] = [];
  for (const scenario of input.scenarios) {
    for (const server of IMPLS) {
      for (const client of IMPLS) {
        const f = summarizeRuns(input.runs, scenario, server, client);
        if (f !== undefined && f.failures > 0) {
          out.push(
            `${scenario.id} (server ${server}, client ${client}): ${f.failures} failed calls, e.g. ${f.firstError}`,
          );
        }
      }
    }
  }
  for (const impl of IMPLS) {
    const m = summarizeMemory(input.memory, impl);
    if (m !== undefined && m.failures > 0) out.push(`memory probe ${impl}: ${m.failures} held calls failed`);
  }
  return out;
}
