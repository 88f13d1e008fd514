/**
 * The interop test cases this package runs, named as in gRPC's `doc/interop-test-descriptions.md`,
 * and the constants those descriptions fix. Shared by the h2rpc client, the grpc-js client and the tests.
 */

/** Every case, in the order `--test_case all` runs them. */
export const interopCaseNames = [
  "empty_unary",
  "large_unary",
  "client_streaming",
  "server_streaming",
  "ping_pong",
  "empty_stream",
  "timeout_on_sleeping_server",
  "cancel_after_begin",
  "cancel_after_first_response",
  "custom_metadata",
  "status_code_and_message",
  "special_status_message",
  "unimplemented_method",
  "unimplemented_service",
  "client_compressed_unary",
  "server_compressed_unary",
  "client_compressed_streaming",
  "server_compressed_streaming",
] as const;

/** The name of one interop case. */
export type InteropCaseName = (typeof interopCaseNames)[number];

/** True when `name` is one of {@link interopCaseNames}. */
export function isInteropCaseName(name: string): name is InteropCaseName {
  return (interopCaseNames as readonly string[]).includes(name);
}

/** One case bound to its clients: resolves when every assertion held, rejects with the first that did not. */
export type InteropCase = (signal: AbortSignal) => Promise<void>;

/** A full set of cases for one client implementation. */
export type InteropCases = Readonly<Record<InteropCaseName, InteropCase>>;

/** large_unary (and the cases built on it): request and response payload sizes. */
export const largeRequestSize = 271_828;
export const largeResponseSize = 314_159;

/** client_streaming: request payload sizes, and the aggregated size the server must report. */
export const clientStreamingSizes = [27_182, 8, 1_828, 45_904] as const;
export const clientStreamingAggregate = 74_922;

/** server_streaming: response payload sizes, in order. */
export const serverStreamingSizes = [31_415, 9, 2_653, 58_979] as const;

/** ping_pong: the request payload size sent with each response size asked for. */
export const pingPongSizes = [
  { request: 27_182, response: 31_415 },
  { request: 8, response: 9 },
  { request: 1_828, response: 2_653 },
  { request: 45_904, response: 58_979 },
] as const;

/** client_compressed_streaming: the compressed then the uncompressed request, and their aggregate. */
export const compressedStreamingSizes = { compressed: 27_182, uncompressed: 45_904, aggregate: 73_086 } as const;

/** server_compressed_streaming: one compressed then one uncompressed response. */
export const serverCompressedStreaming = [
  { compressed: true, size: 31_415 },
  { compressed: false, size: 92_653 },
] as const;

/** status_code_and_message: the status the client asks the server to end with. */
export const echoStatus = { code: 2, message: "test status message" } as const;

/** special_status_message: a status message with whitespace and non-ASCII characters. */
export const specialStatusMessage = "\t\ntest with whitespace\r\nand Unicode BMP ☺ and non-BMP 😈\t\n";

/** custom_metadata: the values sent under the echo keys of `payload.ts`. */
export const echoInitialValue = "test_initial_metadata_value";
export const echoTrailingValue: Uint8Array = new Uint8Array([0xab, 0xab, 0xab]);
