/** One thing a test left open, found by a leak check. */
export interface Leak {
  /** What is open, in words, e.g. `a TCP socket 127.0.0.1:50312 → 127.0.0.1:43117`. */
  readonly description: string;
  /**
   * The async_hooks type of a leaked resource (`TCPWRAP`, `HTTP2SESSION`, `Timeout`, ...);
   * undefined for calls and connections counted by a server's or channel's `stats()`.
   */
  readonly type?: string | undefined;
  /** What to do about it. */
  readonly fix: string;
  /** Where it was created (a short stack), when the check tracks stacks. */
  readonly createdAt?: string | undefined;
}

/** Thrown by a leak check that found things left open; `leaks` lists them. */
export class LeakError extends Error {
  override readonly name = "LeakError";
  /** What was left open. */
  readonly leaks: readonly Leak[];

  /** @internal Made by the leak checks; `suggestStacks` adds how to see where resources were created. */
  constructor(leaks: readonly Leak[], options: LeakReportOptions) {
    super(formatLeaks(leaks, options));
    this.leaks = leaks;
  }
}

/** How the report reads. */
interface LeakReportOptions {
  /** How long the check waited for things to close, ms. */
  settleMs: number;
  /** True to suggest `trackStacks` (resources leaked and no stacks were captured). */
  suggestStacks: boolean;
}

/** The report: one line per kind of leak (with a count), where it was created, then what to do. */
function formatLeaks(leaks: readonly Leak[], options: LeakReportOptions): string {
  const groups = new Map<string, { leak: Leak; count: number }>();
  for (const leak of leaks) {
    const key = `${leak.description}\n${leak.createdAt ?? ""}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { leak, count: 1 });
    else group.count++;
  }
  const lines = [
    `Leak check failed: ${leaks.length} ${leaks.length === 1 ? "thing was" : "things were"} left open ` +
      `(still open after waiting ${options.settleMs} ms for them to close):`,
  ];
  for (const { leak, count } of groups.values()) {
    lines.push(`  - ${count > 1 ? `${count} × ` : ""}${leak.description}`);
    if (leak.createdAt !== undefined) {
      lines.push("      created at:", ...leak.createdAt.split("\n").map((frame) => `        ${frame}`));
    }
  }
  lines.push("What to do:");
  for (const fix of new Set(leaks.map((leak) => leak.fix))) lines.push(`  - ${fix}`);
  if (options.suggestStacks) {
    lines.push("  - to see where each socket and timer was created, pass { trackStacks: true }");
  }
  return lines.join("\n");
}
