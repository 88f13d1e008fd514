import { describe, expect, test } from "vitest";
import { Backoff } from "./backoff.js";

describe("connection backoff (gRPC connection-backoff.md)", () => {
  test("starts at 1 s, grows ×1.6, caps at 120 s", () => {
    const b = new Backoff({}, () => 0.5); // no jitter at the midpoint
    const delays = Array.from({ length: 14 }, () => b.next());
    expect(delays.slice(0, 4)).toEqual([1000, 1600, 2560, 4096]);
    expect(delays.at(-1)).toBe(120_000);
  });

  test("jitter stays within ±20 %", () => {
    const low = new Backoff({}, () => 0);
    const high = new Backoff({}, () => 0.999999);
    expect(low.next()).toBe(800);
    expect(high.next()).toBe(1200);
  });

  test("reset starts over", () => {
    const b = new Backoff({}, () => 0.5);
    b.next();
    b.next();
    b.reset();
    expect(b.next()).toBe(1000);
  });

  test("invalid options are refused with a message", () => {
    expect(() => new Backoff({ backoffMultiplier: 0.5 })).toThrow(/backoffMultiplier/);
  });
});
