import { largeRequestSize, largeResponseSize } from "../cases.js";
import { check, checkZeroPayload } from "../check.js";
import { zeroPayload } from "../payload.js";
import type { H2rpcInteropClients } from "./clients.js";

/** empty_unary: EmptyCall with the default Empty succeeds with a non-null response. */
export async function emptyUnary(clients: H2rpcInteropClients, signal: AbortSignal): Promise<void> {
  const response = await clients.test.emptyCall({}, { signal });
  check(typeof response === "object" && response !== null, "EmptyCall returned no response");
}

/** large_unary: a 271828-byte request gets a 314159-byte zero payload back. */
export async function largeUnary(clients: H2rpcInteropClients, signal: AbortSignal): Promise<void> {
  const response = await clients.test.unaryCall(
    { responseSize: largeResponseSize, payload: zeroPayload(largeRequestSize) },
    { signal },
  );
  checkZeroPayload(response.payload, largeResponseSize, "UnaryCall response");
}
