import { Code, codeName } from "h2rpc";
import type { CallKind, CallPlan } from "./plan.js";
import { allowedCodes } from "./plan.js";
import type { CallEnd } from "./run-call.js";

/** Every call the soak started, by how it ended. */
export interface CallAccounts {
  started: number;
  ok: number;
  cancelled: number;
  deadlineExceeded: number;
  /** Ended with another status: by code name (ABORTED is the handlers' deliberate failure). */
  otherStatus: Record<string, number>;
  /** Stopped by the watchdog: never settled on their own. */
  hung: number;
  /** Calls whose status was not one their plan allows, by status, e.g. `UNAVAILABLE: 2`. */
  unexpected: Record<string, number>;
  /** The same by call kind and plan, e.g. `bidi normal→UNAVAILABLE: 2`. */
  unexpectedDetail: Record<string, number>;
  byKind: Record<CallKind, number>;
}

/** Fresh zeroed accounts. */
export function createAccounts(): CallAccounts {
  return {
    started: 0,
    ok: 0,
    cancelled: 0,
    deadlineExceeded: 0,
    otherStatus: {},
    hung: 0,
    unexpected: {},
    unexpectedDetail: {},
    byKind: { unary: 0, serverStream: 0, clientStream: 0, bidi: 0 },
  };
}

/** Counts a call as started. */
export function noteStart(accounts: CallAccounts, plan: CallPlan): void {
  accounts.started++;
  accounts.byKind[plan.kind]++;
}

/** Counts how a call ended, and whether its plan allowed it. */
export function noteEnd(accounts: CallAccounts, plan: CallPlan, end: CallEnd): void {
  if (end === "hung") {
    accounts.hung++;
    return;
  }
  if (end === Code.OK) accounts.ok++;
  else if (end === Code.CANCELLED) accounts.cancelled++;
  else if (end === Code.DEADLINE_EXCEEDED) accounts.deadlineExceeded++;
  else accounts.otherStatus[codeName(end)] = (accounts.otherStatus[codeName(end)] ?? 0) + 1;
  if (!allowedCodes(plan).includes(end)) {
    const code = codeName(end);
    accounts.unexpected[code] = (accounts.unexpected[code] ?? 0) + 1;
    const key = `${plan.kind} ${plan.fate}→${code}`;
    accounts.unexpectedDetail[key] = (accounts.unexpectedDetail[key] ?? 0) + 1;
  }
}

/** Calls that ended, however: equals `started` once every call settled. */
export function settled(accounts: CallAccounts): number {
  const other = Object.values(accounts.otherStatus).reduce((a, b) => a + b, 0);
  return accounts.ok + accounts.cancelled + accounts.deadlineExceeded + other + accounts.hung;
}
