import { expect, test } from "vitest";
import { ResetFloodGuard } from "./reset-flood-guard.js";

test("more than the limit within one second trips the guard", () => {
  const g = new ResetFloodGuard(5);
  const t = 1_000_000;
  for (let i = 0; i < 5; i++) expect(g.note(t + i * 10)).toBe(false);
  expect(g.note(t + 60)).toBe(true);
});

test("the same number spread over more than a second does not", () => {
  const g = new ResetFloodGuard(5);
  let t = 1_000_000;
  for (let i = 0; i < 50; i++) {
    expect(g.note(t)).toBe(false);
    t += 250;
  }
});
