import PQueue from "p-queue";
import type { Scenario } from "../scenarios.js";
import { summarizeLatencies } from "../stats.js";
import type { Workload } from "../workload.js";
import type { ClientDriver } from "./driver.js";

/** What one window of load did (the client's CPU time is measured around it by the caller). */
export interface WindowResult {
  units: number;
  calls: number;
  failures: number;
  elapsedMs: number;
  p50Ms: number;
  p99Ms: number;
  firstError?: string;
}

/**
 * Drives `scenario` through `driver` for `durationMs` or `maxUnits` units, whichever comes first,
 * then waits for the calls in flight. Unary and streaming calls go through a p-queue holding
 * `scenario.concurrency` calls in flight, spread round-robin over the connections; ping-pong is
 * one stream of sequential round trips.
 */
export async function runWindow(
  driver: ClientDriver,
  scenario: Scenario,
  workload: Workload,
  durationMs: number,
  maxUnits: number,
): Promise<WindowResult> {
  return scenario.kind === "pingPong"
    ? pingPongWindow(driver, workload, durationMs, maxUnits)
    : callWindow(driver, scenario, workload, durationMs, maxUnits);
}

async function callWindow(
  driver: ClientDriver,
  scenario: Scenario,
  workload: Workload,
  durationMs: number,
  maxUnits: number,
): Promise<WindowResult> {
  const maxCalls = Math.max(1, Math.ceil(maxUnits / scenario.messagesPerCall));
  const latencies = new Float64Array(maxCalls);
  const queue = new PQueue({ concurrency: scenario.concurrency });
  let started = 0;
  let calls = 0;
  let units = 0;
  let failures = 0;
  let firstError: string | undefined;
  const start = performance.now();
  const deadline = start + durationMs;
  while (started < maxCalls && performance.now() < deadline) {
    await queue.onSizeLessThan(scenario.concurrency); // at most `concurrency` waiting behind those running
    const connection = started++ % scenario.connections;
    void queue.add(async () => {
      const begin = performance.now();
      try {
        const moved = await driver.call(connection, workload); // not `units += await …`: that reads units before the await
        units += moved;
        latencies[calls++] = performance.now() - begin;
      } catch (error) {
        failures++;
        firstError ??= String(error);
      }
    });
  }
  await queue.onIdle();
  const elapsedMs = performance.now() - start;
  return { units, calls, failures, elapsedMs, ...latencyMs(latencies, calls), firstError };
}

async function pingPongWindow(
  driver: ClientDriver,
  workload: Workload,
  durationMs: number,
  maxUnits: number,
): Promise<WindowResult> {
  const latencies = new Float64Array(maxUnits);
  let recorded = 0;
  const start = performance.now();
  let units = 0;
  let failures = 0;
  let firstError: string | undefined;
  try {
    units = await driver.pingPong(workload, {
      maxRoundTrips: maxUnits,
      deadline: start + durationMs,
      onRoundTrip: (ms) => {
        if (recorded < latencies.length) latencies[recorded++] = ms;
      },
    });
  } catch (error) {
    failures = 1;
    firstError = String(error);
  }
  const elapsedMs = performance.now() - start;
  return { units, calls: 1, failures, elapsedMs, ...latencyMs(latencies, recorded), firstError };
}

function latencyMs(latencies: Float64Array, count: number): { p50Ms: number; p99Ms: number } {
  const { p50, p99 } = summarizeLatencies(latencies, count);
  return { p50Ms: p50, p99Ms: p99 };
}
