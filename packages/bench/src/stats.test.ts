import { describe, expect, it } from "vitest";
import { median, percentile, percentileSorted, ratio, summarizeLatencies } from "./stats.js";

describe("median", () => {
  it("takes the middle value of an odd count, whatever the order", () => {
    expect(median([5, 1, 3])).toBe(3);
  });
  it("averages the middle two of an even count", () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
  it("is NaN for no values and the value itself for one", () => {
    expect(median([])).toBeNaN();
    expect(median([7])).toBe(7);
  });
  it("does not reorder its input", () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe("percentile", () => {
  const hundredAndOne = Array.from({ length: 101 }, (_, i) => 100 - i); // 100 … 0

  it("hits exact ranks when they exist", () => {
    expect(percentile(hundredAndOne, 0)).toBe(0);
    expect(percentile(hundredAndOne, 50)).toBe(50);
    expect(percentile(hundredAndOne, 99)).toBe(99);
    expect(percentile(hundredAndOne, 100)).toBe(100);
  });
  it("interpolates linearly between neighbours", () => {
    expect(percentileSorted([10, 20], 25)).toBe(12.5);
    expect(percentileSorted([1, 2, 3, 4], 99)).toBeCloseTo(3.97, 10);
  });
  it("sorts numerically, not as strings", () => {
    expect(percentile([10, 9, 100], 50)).toBe(10);
  });
  it("rejects a percentile outside 0..100", () => {
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });
});

describe("summarizeLatencies", () => {
  it("looks only at the first `count` values", () => {
    const buffer = new Float64Array([3, 1, 2, 1000, 1000]);
    const summary = summarizeLatencies(buffer, 3);
    expect(summary.p50).toBe(2);
    expect(summary.p99).toBeCloseTo(2.98, 10);
  });
});

describe("ratio", () => {
  it("divides, and is NaN without a usable reference", () => {
    expect(ratio(3, 2)).toBe(1.5);
    expect(ratio(3, 0)).toBeNaN();
    expect(ratio(Number.NaN, 2)).toBeNaN();
  });
});
