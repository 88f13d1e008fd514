/** Longest delay `setTimeout` honours; longer ones fire after 1 ms. */
const maxDelayMs = 2 ** 31 - 1;

/** A cancellable timer from {@link setLongTimeout}. */
export interface LongTimeout {
  /** Stops the timer; safe to call more than once. */
  clear(): void;
}

/**
 * `setTimeout` for any delay: delays over ~24.8 days are chained instead of firing at once.
 * The timer never keeps the process alive when `unref` is true.
 */
export function setLongTimeout(callback: () => void, delayMs: number, unref = false): LongTimeout {
  let handle: ReturnType<typeof setTimeout>;
  const arm = (remaining: number) => {
    const step = Math.min(Math.max(remaining, 0), maxDelayMs);
    handle = setTimeout(() => (remaining > maxDelayMs ? arm(remaining - maxDelayMs) : callback()), step);
    if (unref) (handle as { unref?: () => void }).unref?.();
  };
  arm(delayMs);
  return { clear: () => clearTimeout(handle) };
}
