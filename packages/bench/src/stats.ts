/** Numbers as a plain array or a typed array (latency buffers are Float64Arrays). */
export type Numbers = readonly number[] | Float64Array;

/**
 * The `p`-th percentile (0–100) of values already sorted ascending, interpolating linearly
 * between the two nearest ranks (numpy's default, Excel's PERCENTILE.INC). NaN when empty.
 */
export function percentileSorted(sorted: Numbers, p: number): number {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0..100, got ${p}`);
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const rank = (p / 100) * (n - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const lowValue = sorted[low]!;
  return lowValue + (sorted[high]! - lowValue) * (rank - low);
}

/** The `p`-th percentile (0–100) of unsorted values; the input is not modified. NaN when empty. */
export function percentile(values: Numbers, p: number): number {
  return percentileSorted(sortedCopy(values), p);
}

/** The median (the 50th percentile, the mean of the middle two for an even count). NaN when empty. */
export function median(values: Numbers): number {
  return percentile(values, 50);
}

/** p50 and p99 of a latency sample, in the sample's unit. */
export interface LatencySummary {
  p50: number;
  p99: number;
}

/** p50 and p99 of the first `count` values of `values` (sorted in place: pass a scratch buffer). */
export function summarizeLatencies(values: Float64Array, count = values.length): LatencySummary {
  const sorted = values.subarray(0, count).sort();
  return { p50: percentileSorted(sorted, 50), p99: percentileSorted(sorted, 99) };
}

/** `value / reference`, or NaN when either is missing or the reference is zero. */
export function ratio(value: number, reference: number): number {
  if (!Number.isFinite(value) || !Number.isFinite(reference) || reference === 0) return Number.NaN;
  return value / reference;
}

function sortedCopy(values: Numbers): Float64Array {
  return Float64Array.from(values).sort();
}
