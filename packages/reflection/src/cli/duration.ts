const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Milliseconds of a duration such as `5s`, `250ms`, `1.5m`, `1h` or `2` (seconds, as grpcurl's
 * `-max-time`); undefined when `text` is not one or not positive.
 */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?|\.\d+)(ms|s|m|h)?$/.exec(text.trim());
  if (match === null) return undefined;
  const ms = Number(match[1]) * UNITS[match[2] ?? "s"]!;
  return ms > 0 && Number.isFinite(ms) ? ms : undefined;
}
