import { Code } from "h2rpc";

/** The four call kinds. */
export type CallKind = "unary" | "serverStream" | "clientStream" | "bidi";

/** What a call is meant to do, drawn at random. */
export interface CallPlan {
  kind: CallKind;
  /** normal: completes OK; fail: the handler fails; cancel: the client aborts; deadline: it expires. */
  fate: "normal" | "fail" | "cancel" | "deadline";
  /** Handler delay before answering, ms. */
  delayMs: number;
  /** Client abort after this many ms (fate cancel). */
  cancelAfterMs?: number;
  /** Call deadline, ms (fate deadline). */
  timeoutMs?: number;
  /** Messages to stream (streaming kinds). */
  messages: number;
}

const kinds: readonly CallKind[] = ["unary", "serverStream", "clientStream", "bidi"];
const between = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));

/**
 * Draws a plan: 70 % normal, 10 % each fail / cancel / deadline (all normal when `earlyEnd` is false).
 * Cancelled and expiring calls get a handler delay longer than their abort time or deadline, so they
 * are still running when it hits.
 */
export function drawPlan(earlyEnd = true): CallPlan {
  const kind = kinds[between(0, 3)] as CallKind;
  const messages = between(1, 20);
  const r = earlyEnd ? Math.random() : 0;
  if (r < 0.7) return { kind, fate: "normal", delayMs: between(0, 3), messages };
  if (r < 0.8) return { kind, fate: "fail", delayMs: between(0, 3), messages: Math.max(messages, 2) };
  if (r < 0.9) return { kind, fate: "cancel", delayMs: between(30, 60), cancelAfterMs: between(0, 20), messages };
  return { kind, fate: "deadline", delayMs: between(30, 80), timeoutMs: between(5, 25), messages };
}

/**
 * The statuses a plan may end with. A cancel may lose the race to a fast answer (OK), under load the
 * client's abort timer can run late; a deadline cannot (the handler waits longer than the deadline).
 */
export function allowedCodes(plan: CallPlan): readonly Code[] {
  switch (plan.fate) {
    case "normal":
      return [Code.OK];
    case "fail":
      return [Code.ABORTED];
    case "cancel":
      return [Code.CANCELLED, Code.OK];
    case "deadline":
      return [Code.DEADLINE_EXCEEDED];
  }
}
