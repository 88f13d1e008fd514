/**
 * gRPC status codes, as defined by gRPC's `doc/statuscodes.md`.
 * `OK` is included because it is a valid `grpc-status` on the wire.
 */
export const Code = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
} as const;

/** A gRPC status code (0–16). */
export type Code = (typeof Code)[keyof typeof Code];

const names: readonly string[] = Object.keys(Code);

/** The canonical upper-case name of a status code, e.g. `UNAVAILABLE`; `CODE_<n>` for codes outside 0–16. */
export function codeName(code: number): string {
  return names[code] ?? `CODE_${code}`;
}

/** True when `value` is an integer status code from 0 to 16. */
export function isCode(value: number): value is Code {
  return Number.isInteger(value) && value >= 0 && value <= 16;
}
