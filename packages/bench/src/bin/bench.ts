#!/usr/bin/env node
import { mkdir, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { type BenchOptions, parseOptions, USAGE } from "../options.js";
import { describeMachine } from "../report/machine.js";
import { renderReport } from "../report/markdown.js";
import { endChildren, killChildrenNow } from "../runner/children.js";
import { startFleet, stopFleet } from "../runner/fleet.js";
import { ensureH2load } from "../runner/h2load.js";
import { choosePinning } from "../runner/pinning.js";
import { runH2loadMatrix } from "../runner/run-h2load.js";
import { runMatrix } from "../runner/run-matrix.js";
import { runMemory } from "../runner/run-memory.js";
import type { H2loadSample } from "../runner/samples.js";
import { selectScenarios } from "../scenarios.js";

const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));
const log = (line: string) => void process.stderr.write(`${line}\n`);

/** The command line as the user typed it, for the report. */
function typedCommand(argv: readonly string[]): string {
  const args = argv.join(" ");
  if (process.env.npm_lifecycle_event === "bench") return `npm run bench${args ? ` -- ${args}` : ""}`;
  const script = relative(process.cwd(), fileURLToPath(import.meta.url)) || fileURLToPath(import.meta.url);
  return `node ${script}${args ? ` ${args}` : ""}`;
}

async function run(options: BenchOptions, argv: readonly string[]): Promise<void> {
  const started = performance.now();
  const scenarios = selectScenarios(options.only);
  if (scenarios.length === 0) throw new TypeError(`--only ${options.only.join(",")} matches no scenario`);
  const pinning = choosePinning(options.noPin);
  log(pinning.note);
  const fleet = await startFleet(pinning);
  try {
    const runs = await runMatrix(fleet, { ...options, scenarios, log });
    const memory = await runMemory(fleet, {
      rounds: options.memoryRounds,
      idleSessions: options.idleSessions,
      inflightCalls: options.inflightCalls,
      holdMs: 30_000,
      settleMs: options.quick ? 200 : 500,
      log,
    });
    let h2load: H2loadSample[] = [];
    let h2loadNote = "not requested (add --h2load)";
    if (options.h2load) {
      const availability = ensureH2load(log);
      h2loadNote = availability.note;
      log(h2loadNote);
      if (availability.available) h2load = await runH2loadMatrix(fleet, { ...options, cpu: pinning.clientCpu, log });
    }
    await stopFleet(fleet);
    const report = renderReport({
      date: new Date(),
      machine: describeMachine(),
      command: typedCommand(argv),
      pinning: pinning.note,
      options,
      scenarios,
      runs,
      memory,
      h2load,
      h2loadNote,
      elapsedS: (performance.now() - started) / 1000,
    });
    process.stdout.write(report);
    if (options.write) {
      const file = join(repoRoot, "docs", "benchmarks.md");
      await mkdir(join(repoRoot, "docs"), { recursive: true });
      await writeFile(file, report);
      log(`wrote ${relative(process.cwd(), file)}`);
    }
  } finally {
    await endChildren();
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  let options: BenchOptions;
  try {
    options = parseOptions(argv);
  } catch (error) {
    log(`bench: ${(error as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (options.help) {
    process.stdout.write(USAGE);
    return;
  }
  process.on("exit", killChildrenNow); // whatever happens, no child outlives the runner
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      log(`bench: ${signal}, ending the child processes`);
      void endChildren(500).finally(() => process.exit(130));
    });
  }
  try {
    await run(options, argv);
  } catch (error) {
    log(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  }
}

void main();
