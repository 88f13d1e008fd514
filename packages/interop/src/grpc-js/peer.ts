import * as grpc from "@grpc/grpc-js";
import { TestService } from "../gen/grpc/testing/test.h2rpc.js";
import { grpcJsDefinition } from "./definition.js";
import { grpcJsTestService } from "./test-service.js";

/** grpc-js channel options lifting its 4 MiB receive limit for the large-message cases. */
export const grpcJsLargeMessageOptions: grpc.ChannelOptions = {
  "grpc.max_receive_message_length": 64 << 20,
  "grpc.max_send_message_length": 64 << 20,
};

/** Starts grpc.testing.TestService on @grpc/grpc-js on an ephemeral loopback port. */
export async function startGrpcJsServer(): Promise<{ port: number; close(): Promise<void> }> {
  const server = new grpc.Server(grpcJsLargeMessageOptions);
  server.addService(grpcJsDefinition(TestService), grpcJsTestService);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))),
  );
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.tryShutdown(() => resolve());
        setTimeout(() => server.forceShutdown(), 2000).unref();
      }),
  };
}

/** A generic grpc-js client of grpc.testing.TestService (methods keyed like the h2rpc client). */
export type GrpcJsTestClient = grpc.Client & Record<string, (...args: unknown[]) => unknown>;

/** Creates a grpc-js client of TestService for `target`. */
export function grpcJsTestClient(target: string): GrpcJsTestClient {
  const Ctor = grpc.makeGenericClientConstructor(grpcJsDefinition(TestService), "TestService");
  return new Ctor(target, grpc.credentials.createInsecure(), grpcJsLargeMessageOptions) as unknown as GrpcJsTestClient;
}
