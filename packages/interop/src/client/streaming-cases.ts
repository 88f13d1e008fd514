import type { DeepPartial } from "h2rpc";
import { clientStreamingAggregate, clientStreamingSizes, pingPongSizes, serverStreamingSizes } from "../cases.js";
import { check, checkZeroPayload } from "../check.js";
import type { StreamingOutputCallRequest } from "../gen/grpc/testing/messages.js";
import { zeroPayload } from "../payload.js";
import { readAll } from "./call-helpers.js";
import type { H2rpcInteropClients } from "./clients.js";
import { RequestQueue } from "./request-queue.js";

/** client_streaming: four requests (27182, 8, 1828, 45904 bytes), then half-close; the server sums 74922. */
export async function clientStreaming(clients: H2rpcInteropClients, signal: AbortSignal): Promise<void> {
  const requests = clientStreamingSizes.map((size) => ({ payload: zeroPayload(size) }));
  const response = await clients.test.streamingInputCall(requests, { signal });
  check(
    response.aggregatedPayloadSize === clientStreamingAggregate,
    `aggregated_payload_size is ${response.aggregatedPayloadSize}, expected ${clientStreamingAggregate}`,
  );
}

/** server_streaming: one request asking for four responses of 31415, 9, 2653 and 58979 bytes, in order. */
export async function serverStreaming(clients: H2rpcInteropClients, signal: AbortSignal): Promise<void> {
  const responses = await readAll(
    clients.test.streamingOutputCall(
      { responseParameters: serverStreamingSizes.map((size) => ({ size })) },
      { signal },
    ),
  );
  check(responses.length === serverStreamingSizes.length, `got ${responses.length} responses, expected 4`);
  responses.forEach((r, i) => {
    checkZeroPayload(r.payload, serverStreamingSizes[i]!, `response ${i + 1}`);
  });
}

/** ping_pong: four request/response rounds on FullDuplexCall, each request sent after the previous reply. */
export async function pingPong(clients: H2rpcInteropClients, signal: AbortSignal): Promise<void> {
  const requests = new RequestQueue<DeepPartial<StreamingOutputCallRequest>>();
  const round = (i: number) => ({
    responseParameters: [{ size: pingPongSizes[i]!.response }],
    payload: zeroPayload(pingPongSizes[i]!.request),
  });
  let received = 0;
  try {
    requests.push(round(0));
    for await (const response of clients.test.fullDuplexCall(requests, { signal })) {
      check(received < pingPongSizes.length, `got a response after the ${pingPongSizes.length} expected`);
      checkZeroPayload(response.payload, pingPongSizes[received]!.response, `response ${received + 1}`);
      received++;
      if (received < pingPongSizes.length) requests.push(round(received));
      else requests.end();
    }
  } finally {
    requests.end();
  }
  check(received === pingPongSizes.length, `got ${received} responses, expected ${pingPongSizes.length}`);
}

/** empty_stream: FullDuplexCall with no requests (immediate half-close) ends OK with no responses. */
export async function emptyStream(clients: H2rpcInteropClients, signal: AbortSignal): Promise<void> {
  const responses = await readAll(clients.test.fullDuplexCall([], { signal }));
  check(responses.length === 0, `got ${responses.length} responses, expected none`);
}
