import { IMPLS, type ImplName } from "../impls.js";
import type { RunLimits } from "../ipc.js";
import { maxUnits, type Scenario } from "../scenarios.js";
import type { ClientChild, ServerChild } from "./children.js";
import type { RunSample } from "./samples.js";

/** The children of every implementation, started once and reused by every run. */
export interface Fleet {
  servers: Record<ImplName, ServerChild>;
  clients: Record<ImplName, ClientChild>;
}

/** What {@link runMatrix} runs. */
export interface MatrixPlan {
  scenarios: readonly Scenario[];
  rounds: number;
  warmupMs: number;
  durationMs: number;
  /** Progress lines (stderr). */
  log(line: string): void;
}

/** Clients measured against the bare server for the client-cost comparison (bare×bare comes from the matrix). */
const CLIENT_COST_CLIENTS: readonly ImplName[] = ["h2rpc", "grpc-js"];

/**
 * Runs every scenario against every implementation, interleaved: in each round, each scenario
 * runs h2rpc, bare, grpc-js back to back (then, for client-cost scenarios, the h2rpc and grpc-js
 * clients against the bare server), so slow drifts of the machine hit all of them alike; the
 * order rotates from round to round ({@link runOrder}).
 */
export async function runMatrix(fleet: Fleet, plan: MatrixPlan): Promise<RunSample[]> {
  const samples: RunSample[] = [];
  for (let round = 1; round <= plan.rounds; round++) {
    for (const scenario of plan.scenarios) {
      for (const [server, client] of runOrder(scenario, round)) {
        const limits: RunLimits = {
          warmupMs: plan.warmupMs,
          durationMs: plan.durationMs,
          maxUnits: maxUnits(scenario, plan.durationMs),
        };
        const sample = await measureRun(fleet.servers[server], fleet.clients[client], scenario, limits, round);
        samples.push(sample);
        plan.log(progressLine(plan, sample, scenario));
      }
    }
  }
  return samples;
}

/**
 * The (server, client) pairs of `scenario` in round `round` (from 1): each implementation with
 * itself, then the client-cost pairs, rotated by one place per round so that no implementation
 * always runs first (right after another scenario) or last.
 */
export function runOrder(scenario: Pick<Scenario, "clientCost">, round: number): [ImplName, ImplName][] {
  const pairs: [ImplName, ImplName][] = IMPLS.map((impl) => [impl, impl]);
  if (scenario.clientCost) for (const client of CLIENT_COST_CLIENTS) pairs.push(["bare", client]);
  const shift = (round - 1) % pairs.length;
  return [...pairs.slice(shift), ...pairs.slice(0, shift)];
}

/**
 * One run: the client connects and warms up; the server marks its CPU clock; the client measures
 * its window; the server reports the CPU it used since the mark; the client disconnects.
 */
async function measureRun(
  server: ServerChild,
  client: ClientChild,
  scenario: Scenario,
  limits: RunLimits,
  round: number,
): Promise<RunSample> {
  client.send({ type: "run", scenario, port: server.port, limits });
  await client.inbox.next("warm", limits.warmupMs * 4 + 30_000);
  server.send({ type: "mark" });
  await server.inbox.next("marked", 10_000);
  client.send({ type: "go" });
  const { result } = await client.inbox.next("result", limits.durationMs * 4 + 60_000);
  server.send({ type: "stop" });
  const { cpuUs } = await server.inbox.next("stopped", 10_000);
  client.send({ type: "teardown" });
  await client.inbox.next("closed", 30_000);
  return {
    scenarioId: scenario.id,
    server: server.impl,
    client: client.impl,
    round,
    result,
    serverCpuUs: cpuUs,
  };
}

function progressLine(plan: MatrixPlan, s: RunSample, scenario: Scenario): string {
  const rate = (s.result.units / s.result.elapsedMs) * 1000;
  const failures = s.result.failures > 0 ? `, ${s.result.failures} FAILED (${s.result.firstError})` : "";
  return (
    `round ${s.round}/${plan.rounds} ${scenario.id} server=${s.server} client=${s.client}: ` +
    `${Math.round(rate)} ${scenario.unit}/s, server ${(s.serverCpuUs / Math.max(1, s.result.units)).toFixed(1)} µs/${scenario.unit}${failures}`
  );
}
