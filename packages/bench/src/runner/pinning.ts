import { spawnSync } from "node:child_process";
import { availableParallelism } from "node:os";

/** Where the children run: the server on one core, the load generators on another, or unpinned. */
export interface Pinning {
  /** Core of the server children, when pinned. */
  serverCpu?: number;
  /** Core of the load-generator children (and h2load), when pinned. */
  clientCpu?: number;
  /** One line for the report saying what was done and, when unpinned, why. */
  note: string;
}

/**
 * Pins servers to core 0 and load generators to core 1 with `taskset`, when it exists, the
 * machine has two cores and both can be used; otherwise runs unpinned and says why.
 */
export function choosePinning(disabled: boolean): Pinning {
  if (disabled) return { note: "not pinned (--no-pin): server and load generator share every core" };
  const cores = availableParallelism();
  if (cores < 2) return { note: `not pinned: ${cores} core available, server and load generator share it` };
  for (const cpu of [0, 1]) {
    const probe = spawnSync("taskset", ["-c", String(cpu), "true"], { stdio: "ignore" });
    if (probe.error !== undefined) {
      return { note: "not pinned: taskset was not found (util-linux); server and load generator share every core" };
    }
    if (probe.status !== 0) return { note: `not pinned: taskset cannot use core ${cpu} here` };
  }
  return { serverCpu: 0, clientCpu: 1, note: "pinned with taskset: servers on core 0, load generators on core 1" };
}

/** The command and arguments that run `command args` on `cpu` (or as is when `cpu` is undefined). */
export function pinnedCommand(cpu: number | undefined, command: string, args: readonly string[]): [string, string[]] {
  return cpu === undefined ? [command, [...args]] : ["taskset", ["-c", String(cpu), command, ...args]];
}
