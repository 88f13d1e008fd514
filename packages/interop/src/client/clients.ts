import { type Channel, type Client, createChannel, createClient } from "h2rpc";
import { TestService, UnimplementedService } from "../gen/grpc/testing/test.h2rpc.js";

/** The h2rpc clients the interop cases call. */
export interface H2rpcInteropClients {
  readonly test: Client<typeof TestService>;
  /** grpc.testing.UnimplementedService, which interop servers do not serve. */
  readonly unimplemented: Client<typeof UnimplementedService>;
}

/**
 * Connects the interop clients to `target` (`host:port`) over one channel (plaintext h2c).
 * `compressMinBytes: 0`: a message a case sends with compression is compressed whatever its size,
 * so what reaches the server is exactly what the case describes.
 */
export function connectH2rpcInteropClients(target: string): H2rpcInteropClients & { readonly channel: Channel } {
  const channel = createChannel(target);
  return {
    channel,
    test: createClient(TestService, channel, { compressMinBytes: 0 }),
    unimplemented: createClient(UnimplementedService, channel),
  };
}
