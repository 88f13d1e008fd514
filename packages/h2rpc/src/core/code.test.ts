import { describe, expect, test } from "vitest";
import { Code, codeName, isCode } from "./code.js";

/** gRPC's doc/statuscodes.md, in order. */
const canonical = [
  "OK",
  "CANCELLED",
  "UNKNOWN",
  "INVALID_ARGUMENT",
  "DEADLINE_EXCEEDED",
  "NOT_FOUND",
  "ALREADY_EXISTS",
  "PERMISSION_DENIED",
  "RESOURCE_EXHAUSTED",
  "FAILED_PRECONDITION",
  "ABORTED",
  "OUT_OF_RANGE",
  "UNIMPLEMENTED",
  "INTERNAL",
  "UNAVAILABLE",
  "DATA_LOSS",
  "UNAUTHENTICATED",
];

describe("Code", () => {
  test("has exactly the 17 canonical codes with their numbers", () => {
    expect(Object.keys(Code)).toEqual(canonical);
    canonical.forEach((name, value) => {
      expect(Code[name as keyof typeof Code]).toBe(value);
    });
  });

  test("codeName names every code", () => {
    canonical.forEach((name, value) => {
      expect(codeName(value)).toBe(name);
    });
  });

  test.each([17, 99, -1, 1.5, Number.NaN])("codeName(%d) is CODE_<n>", (value) => {
    expect(codeName(value)).toBe(`CODE_${value}`);
  });

  test("isCode", () => {
    for (let c = 0; c <= 16; c++) expect(isCode(c)).toBe(true);
    for (const v of [-1, 17, 0.5, 16.0001, Number.NaN, Number.POSITIVE_INFINITY, -0.1]) expect(isCode(v)).toBe(false);
    expect(isCode(-0)).toBe(true);
  });
});
