import { formatTable } from "../support/text-table.js";
import type { CallAccounts } from "./accounting.js";
import { settled } from "./accounting.js";
import type { HandlerCounters } from "./server-handlers.js";
import type { ProcessSnapshot } from "./snapshot.js";
import { resourceGrowth } from "./snapshot.js";

/** Everything measured by one soak run. */
export interface SoakFigures {
  seconds: number;
  warmupSeconds: number;
  concurrency: number;
  channels: number;
  heapMarginMiB: number;
  earlyEndsPerSecond: number;
  elapsedMs: number;
  accounts: CallAccounts;
  handlers: HandlerCounters;
  server: { start: ProcessSnapshot; warm: ProcessSnapshot; end: ProcessSnapshot };
  client: { start: ProcessSnapshot; warm: ProcessSnapshot; end: ProcessSnapshot };
  clientSocketsOpen: number;
  shutdownMs: number;
  serverExitCode: number | null;
}

const mib = (bytes: number | undefined) => (bytes === undefined ? "n/a" : `${(bytes / 2 ** 20).toFixed(1)} MiB`);

/** The rules a soak must keep; each broken one as a sentence. */
export function violations(f: SoakFigures): string[] {
  const out: string[] = [];
  const a = f.accounts;
  if (a.started === 0) out.push("no call was started");
  if (settled(a) !== a.started) out.push(`${a.started - settled(a)} call(s) unaccounted for`);
  if (a.hung > 0) out.push(`${a.hung} call(s) never settled (watchdog)`);
  for (const [code, n] of Object.entries(a.unexpected))
    out.push(`${n} call(s) ended ${code}, which their plan does not allow`);
  if (f.handlers.active !== 0) out.push(`${f.handlers.active} server handler(s) still running`);
  if (f.handlers.unexpected !== 0) out.push(`${f.handlers.unexpected} server handler(s) failed unexpectedly`);
  for (const [side, s] of [
    ["server", f.server],
    ["client", f.client],
  ] as const) {
    const { warm, end } = s;
    if (warm.heapUsedBytes !== undefined && end.heapUsedBytes !== undefined) {
      const growth = (end.heapUsedBytes - warm.heapUsedBytes) / 2 ** 20;
      if (growth > f.heapMarginMiB)
        out.push(`${side} heap grew ${growth.toFixed(1)} MiB after warm-up (> ${f.heapMarginMiB})`);
    }
    const grown = resourceGrowth(s.start, end);
    if (grown.length > 0) out.push(`${side} handles beyond the baseline: ${grown.join(", ")}`);
  }
  if (f.server.end.heapUsedBytes === undefined) out.push("the server ran without --expose-gc");
  if (f.clientSocketsOpen !== 0) out.push(`${f.clientSocketsOpen} client socket(s) still open`);
  if (f.serverExitCode !== 0) out.push(`the server exited with ${f.serverExitCode}`);
  return out;
}

/** The largest entries of `counts`, as `key n, key n, …`. */
function top(counts: Record<string, number>, n = 6): string {
  const sorted = Object.entries(counts).sort((x, y) => y[1] - x[1]);
  const shown = sorted.slice(0, n).map(([k, v]) => `${k} ${v}`);
  return sorted.length > n ? `${shown.join(", ")}, …` : shown.join(", ");
}

/** The summary table (Markdown). */
export function summary(f: SoakFigures): string {
  const a = f.accounts;
  const h = f.handlers;
  const other = Object.entries(a.otherStatus).map(([code, n]) => `${code} ${n}`);
  const heap = (s: SoakFigures["server"]) => {
    const growth =
      s.end.heapUsedBytes === undefined || s.warm.heapUsedBytes === undefined
        ? ""
        : ` (end − warm ${((s.end.heapUsedBytes - s.warm.heapUsedBytes) / 2 ** 20).toFixed(1)} MiB)`;
    return `${mib(s.start.heapUsedBytes)} → ${mib(s.warm.heapUsedBytes)} → ${mib(s.end.heapUsedBytes)}${growth}`;
  };
  const rows: string[][] = [
    [
      "duration",
      `${f.seconds} s (warm-up ${f.warmupSeconds} s), ${f.concurrency} in flight over ${f.channels} channels, ` +
        `early ends ${Number.isFinite(f.earlyEndsPerSecond) ? `≤ ${f.earlyEndsPerSecond}/s per channel` : "uncapped"}`,
    ],
    [
      "calls started",
      `${a.started} (${Math.round(a.started / (f.elapsedMs / 1000))}/s): unary ${a.byKind.unary}, server-streaming ${a.byKind.serverStream}, client-streaming ${a.byKind.clientStream}, bidi ${a.byKind.bidi}`,
    ],
    ["completed OK", String(a.ok)],
    ["cancelled", String(a.cancelled)],
    ["deadline exceeded", String(a.deadlineExceeded)],
    ["failed with another status", other.length === 0 ? "0" : other.join(", ")],
    ["never settled (watchdog)", String(a.hung)],
    ["unaccounted (started − all of the above)", String(a.started - settled(a))],
    ["status not allowed by the plan", Object.keys(a.unexpected).length === 0 ? "none" : top(a.unexpectedDetail)],
    [
      "server handlers",
      `${h.started} started: ${h.ok} ok, ${h.failedOnPurpose} failed on purpose, ${h.stopped} stopped by the call ending, ${h.unexpected} unexpected; ${h.active} still running`,
    ],
    ["server heap after GC: start → warm → end", heap(f.server)],
    ["client heap after GC: start → warm → end", heap(f.client)],
    ["server RSS end", mib(f.server.end.rssBytes)],
    ["server handles beyond baseline", resourceGrowth(f.server.start, f.server.end).join(", ") || "none"],
    ["client handles beyond baseline", resourceGrowth(f.client.start, f.client.end).join(", ") || "none"],
    ["client sockets still open", String(f.clientSocketsOpen)],
    ["server graceful shutdown", `${f.shutdownMs.toFixed(1)} ms, exit code ${f.serverExitCode}`],
  ];
  const broken = violations(f);
  rows.push(["verdict", broken.length === 0 ? "PASS" : `FAIL: ${broken.join("; ")}`]);
  return formatTable(["soak", "result"], rows);
}
