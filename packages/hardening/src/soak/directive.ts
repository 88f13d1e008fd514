/** What a soak request asks its handler to do, carried in the request's `name`. */
export interface Directive {
  /** How long the handler waits (abortably) before answering, ms. */
  delayMs: number;
  /** The handler fails with ABORTED (streaming handlers after some messages). */
  fail: boolean;
}

/** Encodes `d` as a request name: `soak:<delayMs>:<0|1>`. */
export function encodeDirective(d: Directive): string {
  return `soak:${Math.max(0, Math.round(d.delayMs))}:${d.fail ? 1 : 0}`;
}

/** Decodes a request name; anything else means "no delay, no failure". */
export function decodeDirective(name: string | undefined): Directive {
  const match = /^soak:(\d+):([01])$/.exec(name ?? "");
  if (match === null) return { delayMs: 0, fail: false };
  return { delayMs: Number(match[1]), fail: match[2] === "1" };
}
