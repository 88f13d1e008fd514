import { Code } from "h2rpc";
import { describe, expect, test } from "vitest";
import { createAccounts, noteEnd, noteStart } from "./accounting.js";
import type { CallPlan } from "./plan.js";
import { type SoakFigures, violations } from "./report.js";
import { createHandlerCounters } from "./server-handlers.js";
import type { ProcessSnapshot } from "./snapshot.js";

const snap = (heapMiB: number, resources: Record<string, number> = { TCPServerWrap: 1 }): ProcessSnapshot => ({
  heapUsedBytes: heapMiB * 2 ** 20,
  rssBytes: 0,
  resources,
});
const plan = (fate: CallPlan["fate"]): CallPlan => ({ kind: "unary", fate, delayMs: 0, messages: 1 });

function figures(): SoakFigures {
  const accounts = createAccounts();
  for (const [fate, end] of [
    ["normal", Code.OK],
    ["cancel", Code.CANCELLED],
    ["deadline", Code.DEADLINE_EXCEEDED],
    ["fail", Code.ABORTED],
  ] as const) {
    noteStart(accounts, plan(fate));
    noteEnd(accounts, plan(fate), end);
  }
  return {
    seconds: 1,
    warmupSeconds: 1,
    concurrency: 1,
    channels: 1,
    heapMarginMiB: 10,
    earlyEndsPerSecond: Number.POSITIVE_INFINITY,
    elapsedMs: 1000,
    accounts,
    handlers: createHandlerCounters(),
    server: { start: snap(5), warm: snap(7), end: snap(8) },
    client: { start: snap(5), warm: snap(7), end: snap(7) },
    clientSocketsOpen: 0,
    shutdownMs: 1,
    serverExitCode: 0,
  };
}

describe("soak verdict", () => {
  test("a clean run has no violation", () => {
    expect(violations(figures())).toEqual([]);
  });

  test("a call that never settled, one missing, or a status its plan does not allow is a violation", () => {
    const f = figures();
    noteStart(f.accounts, plan("normal"));
    noteEnd(f.accounts, plan("normal"), "hung");
    noteStart(f.accounts, plan("normal")); // never ends
    noteStart(f.accounts, plan("normal"));
    noteEnd(f.accounts, plan("normal"), Code.UNAVAILABLE);
    expect(violations(f)).toEqual([
      "1 call(s) unaccounted for",
      "1 call(s) never settled (watchdog)",
      "1 call(s) ended UNAVAILABLE, which their plan does not allow",
    ]);
  });

  test("heap growth past the margin, leftover handles, sockets or handlers are violations", () => {
    const f = figures();
    f.server.end = snap(20, { TCPServerWrap: 1, TCPSocketWrap: 2 });
    f.clientSocketsOpen = 1;
    f.handlers.active = 3;
    expect(violations(f)).toEqual([
      "3 server handler(s) still running",
      "server heap grew 13.0 MiB after warm-up (> 10)",
      "server handles beyond the baseline: TCPSocketWrap +2",
      "1 client socket(s) still open",
    ]);
  });
});
