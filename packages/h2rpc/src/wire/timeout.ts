import { Code } from "../core/code.js";
import { RpcError } from "../core/rpc-error.js";

const maxValue = 99_999_999;
/** Units from finest to coarsest, with their length in milliseconds. */
const units: ReadonlyArray<readonly [string, number]> = [
  ["n", 1e-6],
  ["u", 1e-3],
  ["m", 1],
  ["S", 1_000],
  ["M", 60_000],
  ["H", 3_600_000],
];
const unitMs: Readonly<Record<string, number>> = Object.fromEntries(units);
const timeoutPattern = /^(\d{1,8})([HMSmun])$/;

/**
 * Encodes a remaining time as a `grpc-timeout` value: the finest unit that keeps the value
 * within 8 digits, rounded up so the server never sees a shorter deadline than the client's.
 * Zero or negative times encode as `0n`.
 */
export function encodeTimeout(remainingMs: number): string {
  if (!(remainingMs > 0)) return "0n";
  for (const [unit, ms] of units) {
    const value = Math.ceil(remainingMs / ms);
    if (value <= maxValue) return `${value}${unit}`;
  }
  return `${maxValue}H`;
}

/**
 * Parses a `grpc-timeout` header value into milliseconds.
 * @throws RpcError INTERNAL for a malformed value (as grpc-go does; the spec gives no code).
 */
export function parseTimeout(value: string): number {
  const match = timeoutPattern.exec(value);
  if (match === null) {
    throw new RpcError(Code.INTERNAL, `Malformed grpc-timeout header ${JSON.stringify(value.slice(0, 32))}`);
  }
  return Number(match[1]) * (unitMs[match[2] as string] as number);
}
