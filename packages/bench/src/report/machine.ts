import { readFileSync } from "node:fs";
import { availableParallelism, cpus, totalmem } from "node:os";

/** The machine a report was measured on. */
export interface Machine {
  cpuModel: string;
  /** Logical cores available to the process. */
  cores: number;
  node: string;
  memoryGiB: number;
}

/** Reads the CPU model from /proc/cpuinfo (falling back to os.cpus()), the cores and Node's version. */
export function describeMachine(): Machine {
  let cpuModel = cpus()[0]?.model ?? "unknown";
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"));
    if (match !== null) cpuModel = match[1]!.trim();
  } catch {
    // not Linux: os.cpus() it is
  }
  return {
    cpuModel,
    cores: availableParallelism(),
    node: process.version,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
  };
}
