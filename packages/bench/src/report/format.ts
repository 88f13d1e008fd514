/** A rate with thousands separators and no decimals ("12,345"); "–" when not a number. */
export function formatCount(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString("en-US") : "–";
}

/** Three significant digits, at most three decimals ("0.123", "1.23", "12.3", "1,234"); "–" when not a number. */
export function formatFigure(value: number): string {
  if (!Number.isFinite(value)) return "–";
  const abs = Math.abs(value);
  if (abs >= 1000) return formatCount(value);
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  return value.toFixed(3);
}

/** Bytes as KiB with one decimal ("3.2 KiB"); "–" when not a number. */
export function formatKiB(bytes: number): string {
  return Number.isFinite(bytes) ? `${(bytes / 1024).toFixed(1)} KiB` : "–";
}

/** A ratio as "0.62×"; "–" when not a number. */
export function formatRatio(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}×` : "–";
}
