import { Code, type DeepPartial } from "h2rpc";
import { pingPongSizes } from "../cases.js";
import { check, checkZeroPayload } from "../check.js";
import type { StreamingInputCallRequest, StreamingOutputCallRequest } from "../gen/grpc/testing/messages.js";
import { zeroPayload } from "../payload.js";
import { checkCode, failureOf } from "./call-helpers.js";
import type { H2rpcInteropClients } from "./clients.js";
import { RequestQueue } from "./request-queue.js";

/** timeout_on_sleeping_server: FullDuplexCall with a 1 ms timeout and one 27182-byte request ends DEADLINE_EXCEEDED. */
export async function timeoutOnSleepingServer(clients: H2rpcInteropClients, signal: AbortSignal): Promise<void> {
  const requests = new RequestQueue<DeepPartial<StreamingOutputCallRequest>>();
  requests.push({ payload: zeroPayload(27_182) });
  try {
    const error = await failureOf(async () => {
      for await (const _ of clients.test.fullDuplexCall(requests, { signal, timeoutMs: 1 })) {
        // the server sends nothing: no response_parameters
      }
    }, "FullDuplexCall with a 1 ms timeout");
    checkCode(error, Code.DEADLINE_EXCEEDED, "FullDuplexCall with a 1 ms timeout");
  } finally {
    requests.end();
  }
}

/**
 * cancel_after_begin: StreamingInputCall cancelled after its headers went out, before any message:
 * ends CANCELLED. The request stream is first read once the call's HTTP/2 stream is open (headers
 * sent), so cancelling from that first read is "after begin, before payloads".
 */
export async function cancelAfterBegin(clients: H2rpcInteropClients, signal: AbortSignal): Promise<void> {
  const cancel = new AbortController();
  let begun = false;
  // A request stream whose first read cancels the call and ends the stream: no message is ever sent.
  const requests: AsyncIterable<DeepPartial<StreamingInputCallRequest>> = {
    [Symbol.asyncIterator]: () => ({
      async next() {
        begun = true;
        cancel.abort();
        return { done: true, value: undefined };
      },
    }),
  };
  const error = await failureOf(
    () => clients.test.streamingInputCall(requests, { signal: AbortSignal.any([signal, cancel.signal]) }),
    "StreamingInputCall cancelled after begin",
  );
  check(begun, "the call failed before it began (its request stream was never read)");
  checkCode(error, Code.CANCELLED, "StreamingInputCall cancelled after begin");
}

/** cancel_after_first_response: FullDuplexCall cancelled once its first 31415-byte response arrived: ends CANCELLED. */
export async function cancelAfterFirstResponse(clients: H2rpcInteropClients, signal: AbortSignal): Promise<void> {
  const cancel = new AbortController();
  const requests = new RequestQueue<DeepPartial<StreamingOutputCallRequest>>();
  requests.push({
    responseParameters: [{ size: pingPongSizes[0].response }],
    payload: zeroPayload(pingPongSizes[0].request),
  });
  let received = 0;
  try {
    const error = await failureOf(async () => {
      const call = clients.test.fullDuplexCall(requests, { signal: AbortSignal.any([signal, cancel.signal]) });
      for await (const response of call) {
        received++;
        if (received === 1) {
          checkZeroPayload(response.payload, pingPongSizes[0].response, "first response");
          cancel.abort();
        }
      }
    }, "FullDuplexCall cancelled after the first response");
    check(received === 1, `got ${received} responses, expected exactly 1 before the cancellation`);
    checkCode(error, Code.CANCELLED, "FullDuplexCall cancelled after the first response");
  } finally {
    requests.end();
  }
}
