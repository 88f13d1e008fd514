import type { Channel, Server } from "h2rpc";
import { type Leak, LeakError } from "./leak-error.js";
import { openCalls, openConnections, openResources } from "./leak-probes.js";
import { ResourceTracker } from "./resource-tracker.js";
import { settle } from "./settle.js";

/** Options of a leak check ({@link trackLeaks}, and `startTestServer`). */
export interface LeakCheckOptions {
  /**
   * Capture a short stack where each socket, listener, session and timer is created, and print
   * it in the report. Costs a stack trace per resource. Default false.
   */
  trackStacks?: boolean;
  /** How long the check waits for things to close before it reports them, ms. Default 1000. */
  settleMs?: number;
}

/** Servers and channels whose counters must be back to zero. */
export interface LeakCheckTargets {
  /** Servers: no connection (`sessionsOpen`) and no call (`streamsActive`) left. */
  servers?: readonly Server[];
  /** Channels: no session open or connecting, no call open or waiting. */
  channels?: readonly Channel[];
}

/** A running leak tracker, from {@link trackLeaks}. */
export interface LeakTracker {
  /**
   * Waits (up to `settleMs`) until the servers and channels given have no connection or call left
   * and every socket, listener, HTTP/2 session and ref'ed timer created since {@link trackLeaks}
   * is closed, then stops tracking. Rejects with a {@link LeakError} listing what is still open.
   */
  check(targets?: LeakCheckTargets): Promise<void>;
  /** Stops tracking without a check (after a failed test, say). */
  stop(): void;
}

/**
 * Starts following what the code under test opens: sockets, listeners, HTTP/2 sessions,
 * in-memory connections and timers that keep the process alive (async_hooks). Close everything,
 * then `await tracker.check({ servers, channels })`. Tracks the whole process, so run the tests
 * it covers one at a time (vitest's default within a file, not `test.concurrent`).
 */
export function trackLeaks(options: LeakCheckOptions = {}): LeakTracker {
  const settleMs = settleOption(options.settleMs);
  const trackStacks = options.trackStacks ?? false;
  const tracker = new ResourceTracker(trackStacks);
  let checked: Promise<void> | undefined;
  return {
    check(targets = {}) {
      checked ??= (async () => {
        try {
          const leaks = await findLeaks(tracker, targets, settleMs);
          if (leaks.length > 0) throw leakError(leaks, settleMs, trackStacks);
        } finally {
          tracker.stop();
        }
      })();
      return checked;
    },
    stop: () => tracker.stop(),
  };
}

/** What is still open once things had `settleMs` to close. */
export function findLeaks(tracker: ResourceTracker, targets: LeakCheckTargets, settleMs: number): Promise<Leak[]> {
  const servers = targets.servers ?? [];
  const channels = targets.channels ?? [];
  return settle(
    () => [...openCalls(servers, channels), ...openConnections(servers, channels), ...openResources(tracker)],
    settleMs,
    tracker,
  );
}

/** The error for `leaks`, suggesting `trackStacks` when it would have told more. */
export function leakError(leaks: readonly Leak[], settleMs: number, trackStacks: boolean): LeakError {
  const suggestStacks = !trackStacks && leaks.some((leak) => leak.type !== undefined);
  return new LeakError(leaks, { settleMs, suggestStacks });
}

/** `settleMs`, checked. */
export function settleOption(value: number | undefined): number {
  if (value === undefined) return 1000;
  if (!(value >= 0) || !Number.isFinite(value)) {
    throw new RangeError(`Leak check option settleMs must be a finite number ≥ 0, got ${value}`);
  }
  return value;
}
