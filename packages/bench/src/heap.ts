/**
 * Collects garbage (twice, so weak references and finalizers settle) and returns the bytes of
 * the V8 heap in use. @throws Error when the process was started without `--expose-gc`.
 */
export function collectAndMeasureHeap(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error("heap measurement needs node --expose-gc");
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** Collects garbage when `--expose-gc` is on; a no-op otherwise. */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
