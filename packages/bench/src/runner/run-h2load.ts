import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { IMPLS } from "../impls.js";
import { SCENARIOS } from "../scenarios.js";
import { summarizeLatencies } from "../stats.js";
import { scenarioWorkload } from "../workload.js";
import { grpcStatusOfH2loadStyleRequest } from "./check-grpc-status.js";
import { readH2loadLatencies, runH2load } from "./h2load.js";
import type { Fleet } from "./run-matrix.js";
import type { H2loadSample } from "./samples.js";

/** A unary 100 B load shape for h2load. */
export interface H2loadScenario {
  id: string;
  title: string;
  connections: number;
  streamsPerConnection: number;
}

/** The h2load scenarios: unary 100 B Echo at 10 and 100 streams on one connection, 4 × 25 on four. */
export const H2LOAD_SCENARIOS: readonly H2loadScenario[] = [
  {
    id: "h2load-unary-100b-c10-x1",
    title: "h2load unary 100 B, c=10, 1 conn",
    connections: 1,
    streamsPerConnection: 10,
  },
  {
    id: "h2load-unary-100b-c100-x1",
    title: "h2load unary 100 B, c=100, 1 conn",
    connections: 1,
    streamsPerConnection: 100,
  },
  {
    id: "h2load-unary-100b-c100-x4",
    title: "h2load unary 100 B, c=100, 4 conn",
    connections: 4,
    streamsPerConnection: 25,
  },
];

/** What {@link runH2loadMatrix} runs. */
export interface H2loadPlan {
  rounds: number;
  warmupMs: number;
  durationMs: number;
  /** Core for h2load, when pinned. */
  cpu: number | undefined;
  log(line: string): void;
}

/**
 * Loads each server with h2load (C, one thread) sending the pre-framed 100 B Echo request, so the
 * servers are measured without a Node client's cost; one request with h2load's headers is first
 * checked for grpc-status 0 on each server. Interleaved by round like the matrix. A short
 * h2load warm-up estimates the rate; the measured run then asks for `rate × duration` requests
 * (the count limit) and is killed past 5 × duration + 10 s (the time limit).
 */
export async function runH2loadMatrix(fleet: Fleet, plan: H2loadPlan): Promise<H2loadSample[]> {
  const dir = await mkdtemp(join(tmpdir(), "h2rpc-bench-"));
  try {
    const workload = scenarioWorkload(SCENARIOS[0]!);
    const bodyFile = join(dir, "echo-100b.grpc");
    await writeFile(bodyFile, workload.frame);
    for (const impl of IMPLS) {
      const status = await grpcStatusOfH2loadStyleRequest(fleet.servers[impl].port, workload.path, workload.frame);
      if (status !== "0") throw new Error(`the ${impl} server answers h2load's request with grpc-status ${status}`);
    }
    const samples: H2loadSample[] = [];
    for (let round = 1; round <= plan.rounds; round++) {
      for (const scenario of H2LOAD_SCENARIOS) {
        for (const impl of IMPLS) {
          const server = fleet.servers[impl];
          const base = {
            port: server.port,
            path: workload.path,
            bodyFile,
            connections: scenario.connections,
            streamsPerConnection: scenario.streamsPerConnection,
            cpu: plan.cpu,
          };
          const warmupRequests = Math.max(200, Math.round(plan.warmupMs * 20));
          const warm = await runH2load({ ...base, requests: warmupRequests, timeLimitMs: plan.warmupMs * 20 + 10_000 });
          const rate = warm.succeeded / Math.max(1, warm.elapsedMs);
          const requests = Math.min(
            Math.max(100, Math.round(rate * plan.durationMs)),
            Math.round(200 * plan.durationMs),
          );
          const logFile = join(dir, `${impl}-${scenario.id}-${round}.log`);
          server.send({ type: "mark" });
          await server.inbox.next("marked", 10_000);
          const out = await runH2load({ ...base, requests, logFile, timeLimitMs: plan.durationMs * 5 + 10_000 });
          server.send({ type: "stop" });
          const { cpuUs } = await server.inbox.next("stopped", 10_000);
          const { p50, p99 } = summarizeLatencies(await readH2loadLatencies(logFile));
          const sample: H2loadSample = {
            scenarioId: scenario.id,
            server: impl,
            round,
            requests,
            succeeded: out.succeeded,
            elapsedMs: out.elapsedMs,
            serverCpuUs: cpuUs,
            p50Ms: p50,
            p99Ms: p99,
          };
          samples.push(sample);
          plan.log(
            `h2load round ${round}/${plan.rounds} ${scenario.id} server=${impl}: ` +
              `${Math.round((out.succeeded / out.elapsedMs) * 1000)} calls/s, ` +
              `server ${(cpuUs / Math.max(1, out.succeeded)).toFixed(1)} µs/call, ${out.failed} failed`,
          );
        }
      }
    }
    return samples;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
