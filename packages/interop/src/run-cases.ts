import type { InteropCaseName, InteropCases } from "./cases.js";
import { CaseFailure } from "./check.js";

/** The outcome of one case. */
export interface CaseResult {
  readonly name: InteropCaseName;
  readonly passed: boolean;
  /** Why it failed (one line); undefined when it passed. */
  readonly reason?: string;
  readonly durationMs: number;
}

/** Default time one case may take, calls included, before it fails as timed out. */
export const defaultCaseTimeoutMs = 10_000;

/**
 * Runs one case with a time bound: after `timeoutMs` the case's signal aborts (its calls are
 * cancelled) and the case fails as timed out, whatever it does later.
 */
export async function runInteropCase(
  cases: InteropCases,
  name: InteropCaseName,
  timeoutMs = defaultCaseTimeoutMs,
): Promise<CaseResult> {
  const controller = new AbortController();
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  const result = (passed: boolean, reason?: string): CaseResult => ({
    name,
    passed,
    reason,
    durationMs: Math.round(performance.now() - started),
  });
  try {
    const outcome = await Promise.race([cases[name](controller.signal).then(() => "done" as const), timedOut]);
    if (outcome === "timeout") return result(false, `timed out after ${timeoutMs} ms`);
    return result(true);
  } catch (error) {
    return result(false, describeFailure(error));
  } finally {
    clearTimeout(timer);
    controller.abort(new Error(`case ${name} is over`));
  }
}

/** Runs `names` one after the other, reporting each result as it comes. */
export async function runInteropCases(
  cases: InteropCases,
  names: readonly InteropCaseName[],
  options: { timeoutMs?: number; onResult?: (result: CaseResult) => void } = {},
): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const name of names) {
    const result = await runInteropCase(cases, name, options.timeoutMs);
    options.onResult?.(result);
    results.push(result);
  }
  return results;
}

/** `PASS name` or `FAIL name: reason`, on one line. */
export function formatResult(result: CaseResult): string {
  return result.passed ? `PASS ${result.name}` : `FAIL ${result.name}: ${result.reason}`;
}

/** The final line: `N passed, N failed`. */
export function formatSummary(results: readonly CaseResult[]): string {
  const passed = results.filter((r) => r.passed).length;
  return `${passed} passed, ${results.length - passed} failed`;
}

/** One line saying why a case failed: an assertion's text, or the unexpected error/status. */
export function describeFailure(error: unknown): string {
  let text: string;
  if (error instanceof CaseFailure) text = error.message;
  else if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    text = `unexpected ${error.name}${typeof code === "number" ? ` (code ${code})` : ""}: ${error.message}`;
  } else text = `unexpected throw: ${String(error)}`;
  return JSON.stringify(text).slice(1, -1); // one line: newlines and tabs escaped
}
