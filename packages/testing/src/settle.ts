import type { Leak } from "./leak-error.js";
import type { ResourceTracker } from "./resource-tracker.js";

// Taken when this module loads, so a test's fake timers (vi.useFakeTimers) cannot stop the check's clock.
const realSetTimeout = globalThis.setTimeout;
const now = performance.now.bind(performance);

/**
 * Polls `probe` until it finds nothing or `settleMs` have passed, and returns its last findings:
 * sockets and sessions close asynchronously, so a clean test may need a few ms. The poller's own
 * timers are hidden from `tracker`.
 */
export async function settle(probe: () => Leak[], settleMs: number, tracker: ResourceTracker): Promise<Leak[]> {
  const start = now();
  let delay = 1;
  for (;;) {
    const leaks = probe();
    const left = settleMs - (now() - start);
    if (leaks.length === 0 || left <= 0) return leaks;
    await new Promise<void>((resolve) => {
      tracker.ignore(realSetTimeout(resolve, Math.min(delay, left)));
    });
    delay = Math.min(delay * 2, 50);
  }
}
