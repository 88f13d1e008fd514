import type { ImplName } from "../impls.js";
import type { H2loadSample, MemorySample, RunSample } from "../runner/samples.js";
import type { Scenario } from "../scenarios.js";
import { median } from "../stats.js";

/** The medians over rounds of one (scenario, server, client). */
export interface Figures {
  /** Units per second. */
  rate: number;
  /** Payload MB/s (10^6 bytes), NaN when the scenario has no byte count. */
  mbPerS: number;
  serverCpuUsPerUnit: number;
  clientCpuUsPerUnit: number;
  p50Ms: number;
  p99Ms: number;
  rounds: number;
  /** Failed calls over all rounds. */
  failures: number;
  firstError?: string;
}

/** Medians over rounds of the runs of `scenario` with this server and client; undefined when none ran. */
export function summarizeRuns(
  samples: readonly RunSample[],
  scenario: Scenario,
  server: ImplName,
  client: ImplName,
): Figures | undefined {
  const runs = samples.filter((s) => s.scenarioId === scenario.id && s.server === server && s.client === client);
  if (runs.length === 0) return undefined;
  const per = (f: (s: RunSample) => number) => median(runs.map(f));
  const units = (s: RunSample) => Math.max(1, s.result.units);
  return {
    rate: per((s) => (s.result.units / s.result.elapsedMs) * 1000),
    mbPerS:
      scenario.bytesPerUnit > 0
        ? per((s) => (s.result.units * scenario.bytesPerUnit) / s.result.elapsedMs / 1000)
        : Number.NaN,
    serverCpuUsPerUnit: per((s) => s.serverCpuUs / units(s)),
    clientCpuUsPerUnit: per((s) => s.result.clientCpuUs / units(s)),
    p50Ms: per((s) => s.result.p50Ms),
    p99Ms: per((s) => s.result.p99Ms),
    rounds: runs.length,
    failures: runs.reduce((n, s) => n + s.result.failures, 0),
    firstError: runs.find((s) => s.result.firstError !== undefined)?.result.firstError,
  };
}

/** Medians over rounds of the memory probes of one implementation. */
export interface MemoryFigures {
  clientIdleSessionBytes: number;
  serverIdleConnectionBytes: number;
  clientInflightCallBytes: number;
  serverInflightCallBytes: number;
  serverHolding: number;
  inflightCalls: number;
  failures: number;
}

/** Medians over rounds of `impl`'s memory probes; undefined when none ran. */
export function summarizeMemory(samples: readonly MemorySample[], impl: ImplName): MemoryFigures | undefined {
  const runs = samples.filter((s) => s.impl === impl);
  if (runs.length === 0) return undefined;
  const per = (f: (s: MemorySample) => number) => median(runs.map(f));
  return {
    clientIdleSessionBytes: per((s) => s.clientIdleSessionBytes),
    serverIdleConnectionBytes: per((s) => s.serverIdleConnectionBytes),
    clientInflightCallBytes: per((s) => s.clientInflightCallBytes),
    serverInflightCallBytes: per((s) => s.serverInflightCallBytes),
    serverHolding: Math.min(...runs.map((s) => s.serverHolding)),
    inflightCalls: runs[0]!.inflightCalls,
    failures: runs.reduce((n, s) => n + s.failures, 0),
  };
}

/** Medians over rounds of the h2load runs of one (scenario, server). */
export interface H2loadFigures {
  rate: number;
  serverCpuUsPerCall: number;
  p50Ms: number;
  p99Ms: number;
  failures: number;
}

/** Medians over rounds of the h2load runs of `scenarioId` against `server`; undefined when none ran. */
export function summarizeH2load(
  samples: readonly H2loadSample[],
  scenarioId: string,
  server: ImplName,
): H2loadFigures | undefined {
  const runs = samples.filter((s) => s.scenarioId === scenarioId && s.server === server);
  if (runs.length === 0) return undefined;
  const per = (f: (s: H2loadSample) => number) => median(runs.map(f));
  return {
    rate: per((s) => (s.succeeded / s.elapsedMs) * 1000),
    serverCpuUsPerCall: per((s) => s.serverCpuUs / Math.max(1, s.succeeded)),
    p50Ms: per((s) => s.p50Ms),
    p99Ms: per((s) => s.p99Ms),
    failures: runs.reduce((n, s) => n + (s.requests - s.succeeded), 0),
  };
}
