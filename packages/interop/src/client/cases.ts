import type { InteropCases } from "../cases.js";
import { cancelAfterBegin, cancelAfterFirstResponse, timeoutOnSleepingServer } from "./cancel-cases.js";
import type { H2rpcInteropClients } from "./clients.js";
import {
  clientCompressedStreaming,
  clientCompressedUnary,
  serverCompressedStreamingCase,
  serverCompressedUnary,
} from "./compression-cases.js";
import {
  customMetadata,
  specialStatusMessageCase,
  statusCodeAndMessage,
  unimplementedMethod,
  unimplementedService,
} from "./status-cases.js";
import { clientStreaming, emptyStream, pingPong, serverStreaming } from "./streaming-cases.js";
import { emptyUnary, largeUnary } from "./unary-cases.js";

/** Every interop case, run by the h2rpc client against `clients`. */
export function h2rpcInteropCases(clients: H2rpcInteropClients): InteropCases {
  const bind = (run: (clients: H2rpcInteropClients, signal: AbortSignal) => Promise<void>) => (signal: AbortSignal) =>
    run(clients, signal);
  return {
    empty_unary: bind(emptyUnary),
    large_unary: bind(largeUnary),
    client_streaming: bind(clientStreaming),
    server_streaming: bind(serverStreaming),
    ping_pong: bind(pingPong),
    empty_stream: bind(emptyStream),
    timeout_on_sleeping_server: bind(timeoutOnSleepingServer),
    cancel_after_begin: bind(cancelAfterBegin),
    cancel_after_first_response: bind(cancelAfterFirstResponse),
    custom_metadata: bind(customMetadata),
    status_code_and_message: bind(statusCodeAndMessage),
    special_status_message: bind(specialStatusMessageCase),
    unimplemented_method: bind(unimplementedMethod),
    unimplemented_service: bind(unimplementedService),
    client_compressed_unary: bind(clientCompressedUnary),
    server_compressed_unary: bind(serverCompressedUnary),
    client_compressed_streaming: bind(clientCompressedStreaming),
    server_compressed_streaming: bind(serverCompressedStreamingCase),
  };
}
