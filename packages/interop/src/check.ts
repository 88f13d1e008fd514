import type { Payload } from "./gen/grpc/testing/messages.js";

/** An interop assertion that did not hold; its message is what the client prints after `FAIL name:`. */
export class CaseFailure extends Error {
  override readonly name = "CaseFailure";
}

/** Fails the case with `message` unless `condition` holds. */
export function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new CaseFailure(message);
}

/** Fails unless `payload` is a body of exactly `size` zero bytes. `what` names it in the failure. */
export function checkZeroPayload(payload: Payload | undefined, size: number, what: string): void {
  check(payload !== undefined, `${what}: no payload`);
  check(payload.body.length === size, `${what}: payload is ${payload.body.length} bytes, expected ${size}`);
  check(
    payload.body.every((b) => b === 0),
    `${what}: payload body is not all zeros`,
  );
}

/** True when `a` holds exactly the bytes of `b`. */
export function sameBytes(a: Uint8Array | undefined, b: Uint8Array): boolean {
  return a !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Shows bytes as hex for failure messages, e.g. `0xababab`. */
export function hex(bytes: Uint8Array | undefined): string {
  if (bytes === undefined) return "(none)";
  return `0x${Buffer.from(bytes).toString("hex")}`;
}
