import type { CallOptions } from "../core/call-options.js";

/** The absolute deadline (epoch ms) of a call from its options, or undefined when it has none. */
export function callDeadline(options: CallOptions, now?: number): number | undefined {
  if (options.timeoutMs === undefined && options.deadline === undefined) return undefined;
  let deadline: number | undefined;
  if (options.timeoutMs !== undefined) {
    if (!(options.timeoutMs >= 0))
      throw new RangeError(`timeoutMs must be a non-negative number, got ${options.timeoutMs}`);
    deadline = (now ?? Date.now()) + options.timeoutMs;
  }
  if (options.deadline !== undefined) {
    const at = options.deadline instanceof Date ? options.deadline.getTime() : options.deadline;
    if (Number.isNaN(at)) throw new RangeError("deadline is not a valid date");
    deadline = deadline === undefined ? at : Math.min(deadline, at);
  }
  return deadline;
}
