#!/usr/bin/env node
/**
 * Soak: mixed load (unary, server streaming, client streaming, bidi; random cancellations and deadlines)
 * against an h2rpc server in a child process, then checks that every call is accounted for, that heap
 * after GC came back (server and client) and that no connection or handle outlived the run.
 * Usage: `node --expose-gc dist/soak.js [--seconds 60] [--concurrency 100] [--channels 4] [--early-ends-per-second N]`;
 * prints a summary table and exits 1 on any violation (2 on a usage error).
 */
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createChannel } from "h2rpc";
import { createGreeterClient } from "./gen/helloworld/greeter.h2rpc.js";
import { createAccounts } from "./soak/accounting.js";
import { runLoad } from "./soak/load.js";
import { parseSoakOptions, type SoakOptions, warmupMs } from "./soak/options.js";
import { type SoakFigures, summary, violations } from "./soak/report.js";
import { SoakServerProcess } from "./soak/server-process.js";
import { type ProcessSnapshot, resourceGrowth, takeSnapshot } from "./soak/snapshot.js";
import { trackClientSockets } from "./soak/socket-tracker.js";
import { eventually, sleep } from "./support/wait.js";

const watchdogMs = 10_000;

/** Runs one soak; resolves with its figures. */
export async function soak(options: SoakOptions): Promise<SoakFigures> {
  const sockets = trackClientSockets();
  const server = await SoakServerProcess.start();
  try {
    const serverStart = (await server.snapshot()).snapshot;
    const clientStart = takeSnapshot();
    const channels = Array.from({ length: options.channels }, () => createChannel(`127.0.0.1:${server.port}`));
    const clients = channels.map((c) => createGreeterClient(c));
    const accounts = createAccounts();
    const t0 = performance.now();
    const warmup = warmupMs(options.seconds);
    const load = {
      clients,
      concurrency: options.concurrency,
      watchdogMs,
      earlyEndsPerSecond: options.earlyEndsPerSecond,
    };
    await runLoad({ ...load, durationMs: warmup }, accounts);
    const serverWarm = (await server.snapshot()).snapshot; // quiescent: every warm-up call settled
    const clientWarm = takeSnapshot();
    await runLoad({ ...load, durationMs: options.seconds * 1000 - warmup }, accounts);
    const elapsedMs = performance.now() - t0;
    for (const channel of channels) channel.close();
    await eventually(() => sockets.open() === 0, 5000);
    const serverEnd = await settledServer(server, serverStart);
    await sleep(50);
    const clientEnd = takeSnapshot();
    const stopped = await server.stop();
    return {
      ...options,
      warmupSeconds: warmup / 1000,
      elapsedMs,
      accounts,
      handlers: serverEnd.handlers,
      server: { start: serverStart, warm: serverWarm, end: serverEnd.snapshot },
      client: { start: clientStart, warm: clientWarm, end: clientEnd },
      clientSocketsOpen: sockets.open(),
      shutdownMs: stopped.shutdownMs,
      serverExitCode: stopped.exitCode,
    };
  } finally {
    sockets.stop();
    server.kill();
  }
}

/** Snapshots the server until its handles are back to `start` and no handler runs (5 s at most). */
async function settledServer(server: SoakServerProcess, start: ProcessSnapshot) {
  const end = performance.now() + 5000;
  for (;;) {
    const s = await server.snapshot();
    const clean = resourceGrowth(start, s.snapshot).length === 0 && s.handlers.active === 0;
    if (clean || performance.now() > end) return s;
    await sleep(100);
  }
}

async function main(): Promise<number> {
  let options: SoakOptions;
  try {
    options = parseSoakOptions(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  if ((globalThis as { gc?: unknown }).gc === undefined) {
    console.error("soak: run node with --expose-gc to measure the client's heap (the server always has it)");
  }
  console.log(`soak: ${options.seconds} s, ${options.concurrency} calls in flight, ${options.channels} channels…`);
  const figures = await soak(options);
  console.log(summary(figures));
  const broken = violations(figures);
  for (const v of broken) console.error(`soak violation: ${v}`);
  return broken.length === 0 ? 0 : 1;
}

if (process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      console.error("soak failed:", error);
      process.exitCode = 1;
    },
  );
}
