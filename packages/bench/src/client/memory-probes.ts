import { collectAndMeasureHeap } from "../heap.js";
import type { ImplName } from "../impls.js";
import { SCENARIOS } from "../scenarios.js";
import { holdWorkload, scenarioWorkload } from "../workload.js";
import { type ClientDriver, createDriver } from "./driver.js";

const echo = scenarioWorkload(SCENARIOS[0]!);

/** Idle client sessions held open by {@link openIdleSessions}, and the heap they cost. */
export interface IdleSessions {
  /** Heap growth over the baseline, bytes, after a full collection. */
  heapDeltaBytes: number;
  /** Closes them all. */
  close(): Promise<void>;
}

/**
 * Warms up (loads and compiles the driver's code), calls `ready` (the runner takes the server's
 * baseline) and waits for it, then opens `count` clients of `impl` with one connection each,
 * makes one unary call on each (so the HTTP/2 session is up) and measures the heap they keep once idle.
 */
export async function openIdleSessions(
  impl: ImplName,
  port: number,
  count: number,
  ready: () => Promise<void>,
): Promise<IdleSessions> {
  await warmUp(impl, port);
  await ready();
  const before = collectAndMeasureHeap();
  const drivers: ClientDriver[] = [];
  for (let i = 0; i < count; i++) {
    const driver = await createDriver(impl, { port, connections: 1 });
    drivers.push(driver);
    await driver.call(0, echo);
  }
  const heapDeltaBytes = collectAndMeasureHeap() - before;
  return {
    heapDeltaBytes,
    close: async () => {
      await Promise.all(drivers.map((d) => d.close()));
    },
  };
}

/** Unary calls kept in flight by {@link holdCalls}, and the heap they cost. */
export interface HeldCalls {
  heapDeltaBytes: number;
  /** Waits for every call to end (after the server released them); resolves with the failures. */
  finish(timeoutMs: number): Promise<number>;
}

/**
 * Connects, calls `ready` (the runner takes the server's baseline) and waits for it, then starts
 * `count` Hold calls on the connection, lets them reach the server for `settleMs` and measures
 * the heap they keep while in flight. The server answers them on release, or after `holdMs`.
 */
export async function holdCalls(
  impl: ImplName,
  port: number,
  options: { count: number; holdMs: number; settleMs: number; ready: () => Promise<void> },
): Promise<HeldCalls> {
  const { count, holdMs, settleMs } = options;
  const driver = await createDriver(impl, { port, connections: 1 });
  await driver.call(0, holdWorkload(0)); // the connection is up and the code compiled before the baseline
  for (let i = 0; i < 20; i++) await driver.call(0, echo);
  await options.ready();
  const workload = holdWorkload(holdMs);
  const before = collectAndMeasureHeap();
  let failures = 0;
  const calls: Promise<unknown>[] = [];
  for (let i = 0; i < count; i++) calls.push(driver.call(0, workload).catch(() => failures++));
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  const heapDeltaBytes = collectAndMeasureHeap() - before;
  return {
    heapDeltaBytes,
    finish: async (timeoutMs) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      });
      await Promise.race([Promise.all(calls), timeout]);
      clearTimeout(timer);
      await driver.close();
      return failures;
    },
  };
}

async function warmUp(impl: ImplName, port: number): Promise<void> {
  const driver = await createDriver(impl, { port, connections: 1 });
  for (let i = 0; i < 20; i++) await driver.call(0, echo);
  await driver.close();
  await new Promise((resolve) => setTimeout(resolve, 50)); // let the closed connection go
}
