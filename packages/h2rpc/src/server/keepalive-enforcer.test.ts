import { describe, expect, test } from "vitest";
import { KeepaliveEnforcer, type PingPolicy, pingWithoutCallsIntervalMs } from "./keepalive-enforcer.js";

const policy: PingPolicy = { minPingIntervalMs: 1000, permitWithoutCalls: false, maxPingStrikes: 2 };
const busy = { activeCalls: 1, sentSincePreviousPing: false };
const idle = { activeCalls: 0, sentSincePreviousPing: false };

/** Feeds PINGs at the given times; returns the index of the first one past the limit, or -1. */
function firstTooMany(enforcer: KeepaliveEnforcer, times: number[], context = busy): number {
  return times.findIndex((t) => enforcer.onPing(t, context));
}

describe("KeepaliveEnforcer (grpc-go's ping policy)", () => {
  test("the first PING is free; the third strike (fourth fast PING) is too many", () => {
    const e = new KeepaliveEnforcer(policy);
    expect(firstTooMany(e, [0, 10, 20, 30, 40])).toBe(3);
    expect(e.strikes).toBe(3);
  });

  test("PINGs at the minimum interval or slower never strike", () => {
    const e = new KeepaliveEnforcer(policy);
    expect(firstTooMany(e, [0, 1000, 2000, 3500, 4500])).toBe(-1);
    expect(e.strikes).toBe(0);
  });

  test("headers or data sent by the server clear the strikes", () => {
    const e = new KeepaliveEnforcer(policy);
    expect(firstTooMany(e, [0, 10, 20])).toBe(-1);
    expect(e.strikes).toBe(2);
    expect(e.onPing(30, { activeCalls: 1, sentSincePreviousPing: true })).toBe(false);
    expect(e.strikes).toBe(0);
    expect(firstTooMany(e, [40, 50, 60])).toBe(2);
  });

  test("without calls, PINGs are judged against 2 h unless permitted", () => {
    const strict = new KeepaliveEnforcer(policy);
    expect(firstTooMany(strict, [0, 5000, 10_000, 15_000], idle)).toBe(3);
    const permitted = new KeepaliveEnforcer({ ...policy, permitWithoutCalls: true });
    expect(firstTooMany(permitted, [0, 5000, 10_000, 15_000], idle)).toBe(-1);
    const patient = new KeepaliveEnforcer(policy);
    const t = pingWithoutCallsIntervalMs;
    expect(firstTooMany(patient, [0, t, 2 * t, 3 * t], idle)).toBe(-1);
  });

  test("maxPingStrikes Infinity (the normalised 0) turns enforcement off", () => {
    const e = new KeepaliveEnforcer({ ...policy, maxPingStrikes: Number.POSITIVE_INFINITY });
    expect(
      firstTooMany(
        e,
        Array.from({ length: 100 }, (_, i) => i),
      ),
    ).toBe(-1);
  });
});
