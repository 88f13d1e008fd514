import type { Payload } from "./gen/grpc/testing/messages.js";

/** A COMPRESSABLE payload of `size` zero bytes, as the interop spec asks. */
export function zeroPayload(size: number): Payload {
  return { type: 0, body: new Uint8Array(size) };
}

/** Waits `intervalUs` microseconds (rounded to ms); resolves early, without error, if `signal` aborts. */
export function sleepMicros(intervalUs: number, signal?: AbortSignal): Promise<void> {
  if (intervalUs <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, Math.ceil(intervalUs / 1000));
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

/** Metadata keys the interop server echoes back: the first in headers, the second in trailers. */
export const echoInitialKey = "x-grpc-test-echo-initial";
export const echoTrailingKey = "x-grpc-test-echo-trailing-bin";
