import { Code, type Metadata } from "h2rpc";
import { echoStatus, largeRequestSize, largeResponseSize, specialStatusMessage } from "../cases.js";
import { check, checkZeroPayload } from "../check.js";
import { zeroPayload } from "../payload.js";
import { checkCode, checkEchoedMetadata, echoMetadataInit, failureOf, readAll } from "./call-helpers.js";
import type { H2rpcInteropClients } from "./clients.js";

/**
 * custom_metadata: `x-grpc-test-echo-initial` (ASCII) and `x-grpc-test-echo-trailing-bin` (0xababab)
 * sent on a UnaryCall and on a FullDuplexCall come back in the initial and trailing metadata.
 */
export async function customMetadata(clients: H2rpcInteropClients, signal: AbortSignal): Promise<void> {
  {
    let initial: Metadata | undefined;
    let trailing: Metadata | undefined;
    const response = await clients.test.unaryCall(
      { responseSize: largeResponseSize, payload: zeroPayload(largeRequestSize) },
      {
        signal,
        metadata: echoMetadataInit(),
        onHeader: (m) => {
          initial = m;
        },
        onTrailer: (m) => {
          trailing = m;
        },
      },
    );
    checkZeroPayload(response.payload, largeResponseSize, "UnaryCall response");
    checkEchoedMetadata(initial, trailing, "UnaryCall");
  }
  {
    let initial: Metadata | undefined;
    let trailing: Metadata | undefined;
    const responses = await readAll(
      clients.test.fullDuplexCall(
        [{ responseParameters: [{ size: largeResponseSize }], payload: zeroPayload(largeRequestSize) }],
        {
          signal,
          metadata: echoMetadataInit(),
          onHeader: (m) => {
            initial = m;
          },
          onTrailer: (m) => {
            trailing = m;
          },
        },
      ),
    );
    check(responses.length === 1, `FullDuplexCall: got ${responses.length} responses, expected 1`);
    checkZeroPayload(responses[0]!.payload, largeResponseSize, "FullDuplexCall response");
    checkEchoedMetadata(initial, trailing, "FullDuplexCall");
  }
}

/** Fails unless `error` has exactly the code and message of `expected`. */
function checkStatus(
  error: { code: number; rawMessage: string },
  expected: { code: number; message: string },
  what: string,
) {
  check(error.code === expected.code, `${what}: status code ${error.code}, expected ${expected.code}`);
  check(
    error.rawMessage === expected.message,
    `${what}: status message ${JSON.stringify(error.rawMessage)}, expected ${JSON.stringify(expected.message)}`,
  );
}

/** status_code_and_message: UnaryCall and FullDuplexCall asking for status 2 "test status message" end with it. */
export async function statusCodeAndMessage(clients: H2rpcInteropClients, signal: AbortSignal): Promise<void> {
  const unary = await failureOf(
    () => clients.test.unaryCall({ responseStatus: echoStatus }, { signal }),
    "UnaryCall with response_status",
  );
  checkStatus(unary, echoStatus, "UnaryCall");
  const duplex = await failureOf(
    () => readAll(clients.test.fullDuplexCall([{ responseStatus: echoStatus }], { signal })),
    "FullDuplexCall with response_status",
  );
  checkStatus(duplex, echoStatus, "FullDuplexCall");
}

/** special_status_message: a status message with tabs, CR/LF and non-ASCII characters arrives unchanged. */
export async function specialStatusMessageCase(clients: H2rpcInteropClients, signal: AbortSignal): Promise<void> {
  const expected = { code: Code.UNKNOWN, message: specialStatusMessage };
  const error = await failureOf(
    () => clients.test.unaryCall({ responseStatus: expected }, { signal }),
    "UnaryCall with a special response_status message",
  );
  checkStatus(error, expected, "UnaryCall");
}

/** unimplemented_method: TestService/UnimplementedCall ends UNIMPLEMENTED. */
export async function unimplementedMethod(clients: H2rpcInteropClients, signal: AbortSignal): Promise<void> {
  const error = await failureOf(() => clients.test.unimplementedCall({}, { signal }), "TestService/UnimplementedCall");
  checkCode(error, Code.UNIMPLEMENTED, "TestService/UnimplementedCall");
}

/** unimplemented_service: UnimplementedService/UnimplementedCall ends UNIMPLEMENTED. */
export async function unimplementedService(clients: H2rpcInteropClients, signal: AbortSignal): Promise<void> {
  const error = await failureOf(
    () => clients.unimplemented.unimplementedCall({}, { signal }),
    "UnimplementedService/UnimplementedCall",
  );
  checkCode(error, Code.UNIMPLEMENTED, "UnimplementedService/UnimplementedCall");
}
