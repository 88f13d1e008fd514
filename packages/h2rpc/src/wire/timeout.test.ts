import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { Code } from "../core/code.js";
import { RpcError } from "../core/rpc-error.js";
import { encodeTimeout, parseTimeout } from "./timeout.js";

const unitMs = { n: 1e-6, u: 1e-3, m: 1, S: 1_000, M: 60_000, H: 3_600_000 } as const;
const finestFirst = ["n", "u", "m", "S", "M", "H"] as const;
const wirePattern = /^(\d{1,8})([HMSmun])$/;

function split(encoded: string): { digits: string; unit: keyof typeof unitMs } {
  const match = wirePattern.exec(encoded);
  if (match === null) throw new Error(`not a grpc-timeout value: ${encoded}`);
  return { digits: match[1] as string, unit: match[2] as keyof typeof unitMs };
}

describe("encodeTimeout", () => {
  test.each([
    [1, "1000000n"],
    [0.5, "500000n"],
    [1e-6, "1n"],
    [1e-7, "1n"],
    [99, "99000000n"],
    [99.999999, "99999999n"],
    [100, "100000u"],
    [99_999.999, "99999999u"],
    [100_000, "100000m"],
    [99_999_999, "99999999m"],
    [100_000_000, "100000S"],
    [99_999_999_000, "99999999S"],
    [99_999_999_001, "1666667M"],
    [6_000_000_000_000, "1666667H"],
  ])("%d ms → %s", (ms, expected) => {
    expect(encodeTimeout(ms)).toBe(expected);
  });

  test("rounds up, never down", () => {
    expect(encodeTimeout(100.0001)).toBe("100001u");
    expect(encodeTimeout(100_000.5)).toBe("100001m");
    expect(encodeTimeout(100_000_000.5)).toBe("100001S");
  });

  test("zero, negative and NaN encode as 0n (already expired)", () => {
    expect(encodeTimeout(0)).toBe("0n");
    expect(encodeTimeout(-5)).toBe("0n");
    expect(encodeTimeout(Number.NaN)).toBe("0n");
  });

  test("times beyond 99999999 hours are clamped to the largest value", () => {
    expect(encodeTimeout(1e20)).toBe("99999999H");
    expect(encodeTimeout(Number.POSITIVE_INFINITY)).toBe("99999999H");
  });

  const maxEncodable = 99_999_999 * unitMs.H;
  const remainingArb = fc.oneof(
    fc.integer({ min: 1, max: 10_000_000 }),
    fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
    fc.double({ min: 1e-9, max: maxEncodable, noNaN: true }).filter((x) => x > 0),
  );

  test("property: ≤ 8 digits, the finest unit that fits, and parse(encode(x)) is in [x, x + one unit]", () => {
    fc.assert(
      fc.property(remainingArb, (ms) => {
        const encoded = encodeTimeout(ms);
        const { digits, unit } = split(encoded);
        expect(digits.length).toBeLessThanOrEqual(8);
        expect(digits).not.toMatch(/^0\d/);
        // finest unit: the next finer unit would need more than 8 digits
        const finer = finestFirst[finestFirst.indexOf(unit) - 1];
        if (finer !== undefined) expect(Math.ceil(ms / unitMs[finer])).toBeGreaterThan(99_999_999);
        const parsed = parseTimeout(encoded);
        expect(parsed).toBeGreaterThanOrEqual(ms);
        expect(parsed - ms).toBeLessThanOrEqual(unitMs[unit]);
      }),
      { numRuns: 500 },
    );
  });

  test("whole milliseconds below 100 s encode exactly in nanoseconds or microseconds", () => {
    const inexact: string[] = [];
    for (let ms = 1; ms < 100_000; ms += 7) {
      const encoded = encodeTimeout(ms);
      if (encoded !== (ms < 100 ? `${ms * 1e6}n` : `${ms * 1e3}u`)) inexact.push(`${ms} → ${encoded}`);
    }
    expect(inexact).toEqual([]);
  });
});

describe("parseTimeout", () => {
  test.each([
    ["1H", 3_600_000],
    ["2M", 120_000],
    ["3S", 3_000],
    ["4m", 4],
    ["5u", 0.005],
    ["6n", 0.000006],
    ["0n", 0],
    ["0S", 0],
    ["99999999H", 99_999_999 * 3_600_000],
    ["00000001S", 1_000],
    ["12345678m", 12_345_678],
  ])("%s → %d ms", (value, ms) => {
    expect(parseTimeout(value)).toBeCloseTo(ms, 12);
  });

  test.each([
    ["9 digits", "123456789S"],
    ["empty", ""],
    ["no digits", "S"],
    ["no unit", "100"],
    ["negative", "-1S"],
    ["plus sign", "+1S"],
    ["leading space", " 1S"],
    ["trailing space", "1S "],
    ["inner space", "1 S"],
    ["trailing newline", "1S\n"],
    ["unknown unit", "1s"],
    ["unknown unit h", "1h"],
    ["unknown unit x", "10x"],
    ["two units", "1SS"],
    ["decimal", "1.5S"],
    ["exponent", "1e3m"],
    ["hex", "0x10m"],
    ["non-ASCII digits", "١S"],
    ["full-width digits", "１S"],
  ])("rejects %s with INTERNAL", (_name, value) => {
    let caught: unknown;
    try {
      parseTimeout(value);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(RpcError);
    expect((caught as RpcError).code).toBe(Code.INTERNAL);
    expect((caught as RpcError).rawMessage).toMatch(/grpc-timeout/);
  });

  test("the error message quotes at most 32 characters of the bad value", () => {
    expect(() => parseTimeout("x".repeat(1000))).toThrow(/^INTERNAL: Malformed grpc-timeout header "x{32}"$/);
  });

  test("property: any string either parses to a finite non-negative number or throws an RpcError", () => {
    const charsArb = fc.oneof(
      fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) }),
      fc.string({ unit: fc.constantFrom("0", "1", "9", "H", "M", "S", "m", "u", "n", " ", "-", "s") }),
    );
    fc.assert(
      fc.property(charsArb, (value) => {
        let result: number | undefined;
        try {
          result = parseTimeout(value);
        } catch (e) {
          expect(e).toBeInstanceOf(RpcError);
          expect((e as RpcError).code).toBe(Code.INTERNAL);
          return;
        }
        expect(wirePattern.test(value)).toBe(true);
        expect(Number.isFinite(result)).toBe(true);
        expect(result).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 500 },
    );
  });
});
