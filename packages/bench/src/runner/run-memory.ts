import { IMPLS } from "../impls.js";
import type { ClientChild, ServerChild } from "./children.js";
import type { Fleet } from "./run-matrix.js";
import type { MemorySample } from "./samples.js";

/** What {@link runMemory} runs. */
export interface MemoryPlan {
  rounds: number;
  idleSessions: number;
  inflightCalls: number;
  /** Upper bound on a held call, ms; the server releases them as soon as both heaps are measured. */
  holdMs: number;
  /** Time given to the held calls to reach the server before measuring, ms. */
  settleMs: number;
  log(line: string): void;
}

/**
 * Heap cost, per implementation and interleaved by round, of (1) an idle client session and the
 * server's side of it, and (2) a unary call in flight, on the client and on the server. Every
 * figure is a heap delta after full collections (`--expose-gc`), divided by the count.
 */
export async function runMemory(fleet: Fleet, plan: MemoryPlan): Promise<MemorySample[]> {
  const samples: MemorySample[] = [];
  for (let round = 1; round <= plan.rounds; round++) {
    for (const impl of IMPLS) {
      const server = fleet.servers[impl];
      const client = fleet.clients[impl];
      const idle = await idleProbe(server, client, plan.idleSessions);
      const inflight = await inflightProbe(server, client, plan);
      const sample: MemorySample = { impl, round, ...idle, ...inflight, inflightCalls: plan.inflightCalls };
      samples.push(sample);
      plan.log(
        `memory round ${round}/${plan.rounds} ${impl}: idle session ${kib(sample.clientIdleSessionBytes)} client / ` +
          `${kib(sample.serverIdleConnectionBytes)} server, in-flight call ${kib(sample.clientInflightCallBytes)} client / ` +
          `${kib(sample.serverInflightCallBytes)} server (${sample.serverHolding}/${plan.inflightCalls} held)`,
      );
    }
  }
  return samples;
}

async function serverHeap(server: ServerChild): Promise<{ heapUsedBytes: number; holding: number }> {
  server.send({ type: "heap" });
  return server.inbox.next("heap", 30_000);
}

async function idleProbe(server: ServerChild, client: ClientChild, sessions: number) {
  client.send({ type: "idle-open", port: server.port, sessions });
  await client.inbox.next("idle-warm", 30_000);
  const before = await serverHeap(server);
  client.send({ type: "idle-go" });
  const opened = await client.inbox.next("idle-opened", 120_000);
  const after = await serverHeap(server);
  client.send({ type: "idle-close" });
  await client.inbox.next("idle-closed", 60_000);
  return {
    clientIdleSessionBytes: opened.heapDeltaBytes / sessions,
    serverIdleConnectionBytes: (after.heapUsedBytes - before.heapUsedBytes) / sessions,
  };
}

async function inflightProbe(server: ServerChild, client: ClientChild, plan: MemoryPlan) {
  client.send({
    type: "inflight-start",
    port: server.port,
    calls: plan.inflightCalls,
    holdMs: plan.holdMs,
    settleMs: plan.settleMs,
  });
  await client.inbox.next("inflight-connected", 30_000);
  const before = await serverHeap(server);
  client.send({ type: "inflight-go" });
  const held = await client.inbox.next("inflight-held", plan.holdMs + 30_000);
  const during = await serverHeap(server);
  server.send({ type: "release" });
  await server.inbox.next("released", 10_000);
  client.send({ type: "inflight-finish" });
  const done = await client.inbox.next("inflight-done", plan.holdMs + 30_000);
  return {
    clientInflightCallBytes: held.heapDeltaBytes / held.calls,
    serverInflightCallBytes:
      during.holding > 0 ? (during.heapUsedBytes - before.heapUsedBytes) / during.holding : Number.NaN,
    serverHolding: during.holding,
    failures: done.failures,
  };
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}
