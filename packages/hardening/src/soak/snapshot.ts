/** Heap and handles of one process at one moment, after a full GC when `--expose-gc` is on. */
export interface ProcessSnapshot {
  /** `heapUsed` after GC, bytes; undefined when the process runs without `--expose-gc`. */
  heapUsedBytes: number | undefined;
  rssBytes: number;
  /** `process.getActiveResourcesInfo()` counted by type (TCPSocketWrap, Timeout, ...). */
  resources: Record<string, number>;
}

/** Takes a snapshot (two GCs first, so finalizers ran). */
export function takeSnapshot(): ProcessSnapshot {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  const resources: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) resources[r] = (resources[r] ?? 0) + 1;
  const memory = process.memoryUsage();
  return { heapUsedBytes: gc === undefined ? undefined : memory.heapUsed, rssBytes: memory.rss, resources };
}

/** Resource types that grew from `before` to `after`, as `Type +n`. */
export function resourceGrowth(before: ProcessSnapshot, after: ProcessSnapshot): string[] {
  const grown: string[] = [];
  for (const [type, count] of Object.entries(after.resources)) {
    const extra = count - (before.resources[type] ?? 0);
    if (extra > 0) grown.push(`${type} +${extra}`);
  }
  return grown;
}
