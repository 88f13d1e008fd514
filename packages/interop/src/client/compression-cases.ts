import { Code, sendUncompressed, wasCompressed } from "h2rpc";
import { compressedStreamingSizes, largeRequestSize, largeResponseSize, serverCompressedStreaming } from "../cases.js";
import { check, checkZeroPayload } from "../check.js";
import { zeroPayload } from "../payload.js";
import { checkCode, failureOf, readAll } from "./call-helpers.js";
import type { H2rpcInteropClients } from "./clients.js";

/** The SimpleRequest of client_compressed_unary, saying whether it arrives compressed. */
function expectCompressedRequest(expectCompressed: boolean) {
  return {
    expectCompressed: { value: expectCompressed },
    responseSize: largeResponseSize,
    payload: zeroPayload(largeRequestSize),
  };
}

/**
 * client_compressed_unary: the probe (an uncompressed request saying expect_compressed=true) fails
 * INVALID_ARGUMENT; then a gzip-compressed request saying so, and an uncompressed one saying so, succeed.
 */
export async function clientCompressedUnary(clients: H2rpcInteropClients, signal: AbortSignal): Promise<void> {
  const probe = await failureOf(
    () => clients.test.unaryCall(expectCompressedRequest(true), { signal }),
    "probe (uncompressed request, expect_compressed=true)",
  );
  checkCode(probe, Code.INVALID_ARGUMENT, "probe (uncompressed request, expect_compressed=true)");
  const compressed = await clients.test.unaryCall(expectCompressedRequest(true), { signal, compression: "gzip" });
  checkZeroPayload(compressed.payload, largeResponseSize, "response to the compressed request");
  const uncompressed = await clients.test.unaryCall(expectCompressedRequest(false), { signal });
  checkZeroPayload(uncompressed.payload, largeResponseSize, "response to the uncompressed request");
}

/**
 * server_compressed_unary: with response_compressed=true the response has the compressed flag set;
 * with false it has not. Both carry 314159 zero bytes.
 */
export async function serverCompressedUnary(clients: H2rpcInteropClients, signal: AbortSignal): Promise<void> {
  for (const responseCompressed of [true, false]) {
    const what = `response_compressed=${responseCompressed}`;
    const response = await clients.test.unaryCall(
      {
        responseCompressed: { value: responseCompressed },
        responseSize: largeResponseSize,
        payload: zeroPayload(largeRequestSize),
      },
      { signal },
    );
    check(
      wasCompressed(response) === responseCompressed,
      `${what}: the response ${wasCompressed(response) ? "had" : "did not have"} the compressed flag`,
    );
    checkZeroPayload(response.payload, largeResponseSize, `${what}: response`);
  }
}

/**
 * client_compressed_streaming: the probe (one uncompressed message saying expect_compressed=true) fails
 * INVALID_ARGUMENT; then one gzip call carries a compressed 27182-byte message and a 45904-byte message
 * marked uncompressed (per-message flag), each saying so; the server sums 73086.
 */
export async function clientCompressedStreaming(clients: H2rpcInteropClients, signal: AbortSignal): Promise<void> {
  const probe = await failureOf(
    () =>
      clients.test.streamingInputCall(
        [{ expectCompressed: { value: true }, payload: zeroPayload(compressedStreamingSizes.compressed) }],
        { signal },
      ),
    "probe (uncompressed message, expect_compressed=true)",
  );
  checkCode(probe, Code.INVALID_ARGUMENT, "probe (uncompressed message, expect_compressed=true)");
  const response = await clients.test.streamingInputCall(
    [
      { expectCompressed: { value: true }, payload: zeroPayload(compressedStreamingSizes.compressed) },
      sendUncompressed({
        expectCompressed: { value: false },
        payload: zeroPayload(compressedStreamingSizes.uncompressed),
      }),
    ],
    { signal, compression: "gzip" },
  );
  check(
    response.aggregatedPayloadSize === compressedStreamingSizes.aggregate,
    `aggregated_payload_size is ${response.aggregatedPayloadSize}, expected ${compressedStreamingSizes.aggregate}`,
  );
}

/**
 * server_compressed_streaming: two responses, the first (31415 bytes) with the compressed flag,
 * the second (92653 bytes) without.
 */
export async function serverCompressedStreamingCase(clients: H2rpcInteropClients, signal: AbortSignal): Promise<void> {
  const responses = await readAll(
    clients.test.streamingOutputCall(
      {
        responseParameters: serverCompressedStreaming.map(({ compressed, size }) => ({
          compressed: { value: compressed },
          size,
        })),
      },
      { signal },
    ),
  );
  check(responses.length === serverCompressedStreaming.length, `got ${responses.length} responses, expected 2`);
  serverCompressedStreaming.forEach(({ compressed, size }, i) => {
    const response = responses[i]!;
    check(
      wasCompressed(response) === compressed,
      `response ${i + 1} (compressed=${compressed}) ${wasCompressed(response) ? "had" : "did not have"} the compressed flag`,
    );
    checkZeroPayload(response.payload, size, `response ${i + 1}`);
  });
}
