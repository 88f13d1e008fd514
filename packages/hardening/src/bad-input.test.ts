/**
 * The bad-input table: each case sends one bad thing on a connection where a well-behaved call is in
 * flight on another stream, and checks (a) what the bad stream gets, (b) the good call's fate, (c) that
 * no handler saw the bad message. Single-input checks on their own connection already live in the
 * runtime: packages/h2rpc/src/server/protocol.test.ts (framing, content-type, grpc-timeout, zero/two
 * messages, limit), src/client/compression.test.ts (unknown encoding, bomb, corrupt gzip) and
 * src/client/misbehaving-server.test.ts (the client's side). This file adds the shared connection, the
 * handler counts, real generated protobuf, metadata, header-size limits and HTTP/2 frame-level abuse.
 */
import { afterAll, describe, expect, test } from "vitest";
import { type BadInputCase, badInputCases } from "./bad-inputs.js";
import { type CaseResult, runCase } from "./support/bad-input-runner.js";
import { describeObserved } from "./support/outcome-names.js";
import { formatTable } from "./support/text-table.js";

const results = new Map<BadInputCase, CaseResult>();

afterAll(() => {
  const rows = badInputCases.map((c) => {
    const r = results.get(c);
    if (r === undefined) return [c.name, describeObserved(c.expect), "(not run)", "", "", ""];
    const sawBad = r.badNames.includes("BAD") || (c.accepted === undefined && r.badVisits > 0);
    const issue = c.knownIssue === undefined ? "" : "KNOWN ISSUE";
    return [
      c.name,
      describeObserved(r.observed),
      r.good,
      sawBad ? "YES" : "no",
      r.run.facts === undefined ? c.why : `${c.why}: ${r.run.facts}`,
      issue,
    ];
  });
  console.log(formatTable(["bad input", "bad stream gets", "good stream", "handler saw it", "notes", ""], rows));
});

describe("bad input on a shared connection", () => {
  test.each(badInputCases.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const result = await runCase(c);
    results.set(c, result);
    expect(result.observed).toEqual(c.expect);
    if (c.goodSurvives) expect(result.good).toBe("OK");
    else expect(result.good).toMatch(/^lost/);
    expect(result.badNames).not.toContain("BAD");
    if (c.accepted === undefined) expect(result.badVisits).toBe(0);
    else expect(result.badNames).toEqual(c.accepted);
    if (c.handlerMetadata !== undefined) expect(result.badMetadata).toMatchObject(c.handlerMetadata);
    for (const key of c.droppedMetadata ?? []) expect(result.badMetadata).not.toHaveProperty(key);
    expect(result.run.violations ?? []).toEqual([]);
    expect(result.serverServes).toBe(true);
  });
});

const issues = badInputCases.filter((c) => c.knownIssue !== undefined && c.knownIssue.fixed !== true);
const fixed = badInputCases.filter((c) => c.knownIssue?.fixed === true);

describe("fixed issues (regression tests)", () => {
  test.each(fixed.map((c) => [c.name, c] as const))("FIXED: %s", (_name, c) => {
    const result = results.get(c);
    if (result === undefined) throw new Error("the case did not run");
    expect(c.knownIssue?.shouldBe(result.run, result.observed)).toEqual([]);
  });
});

// Declared only while there are open issues: vitest fails a describe without tests (also a skipped one).
if (issues.length > 0) {
  describe("known issues (test.fails: these pass while the issue is there; drop .fails once fixed)", () => {
    test.fails.each(issues.map((c) => [c.name, c] as const))("KNOWN ISSUE: %s", (_name, c) => {
      const result = results.get(c);
      if (result === undefined) throw new Error("the case did not run");
      expect(c.knownIssue?.shouldBe(result.run, result.observed)).toEqual([]);
    });
  });
}
