import * as grpc from "@grpc/grpc-js";
import type { MessageType, MethodDefinition, ServiceDefinition } from "h2rpc";

/**
 * The grpc-js service definition of an h2rpc service definition: the same paths, with the
 * generated ts-proto codecs as (de)serializers, so grpc-js and h2rpc speak identical bytes.
 */
export function grpcJsDefinition(service: ServiceDefinition): grpc.ServiceDefinition {
  const out: Record<string, grpc.MethodDefinition<unknown, unknown>> = {};
  for (const [key, method] of Object.entries(service.methods) as [string, MethodDefinition<unknown, unknown>][]) {
    out[key] = {
      path: method.path,
      originalName: key,
      requestStream: method.requestStream,
      responseStream: method.responseStream,
      requestSerialize: (value) => Buffer.from(encode(method.requestType, value)),
      requestDeserialize: (bytes) => method.requestType.decode(bytes),
      responseSerialize: (value) => Buffer.from(encode(method.responseType, value)),
      responseDeserialize: (bytes) => method.responseType.decode(bytes),
    };
  }
  return out;
}

function encode(type: MessageType<unknown>, value: unknown): Uint8Array {
  return type.encode(type.fromPartial(value as never) as never).finish();
}

/** Starts a grpc-js server on 127.0.0.1 (plaintext) after `setup` added its services; resolves its port. */
export function startGrpcJsServer(
  setup: (server: grpc.Server) => void,
): Promise<{ port: number; server: grpc.Server }> {
  const server = new grpc.Server();
  setup(server);
  return new Promise((resolve, reject) => {
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) => {
      if (error) reject(error);
      else resolve({ port, server });
    });
  });
}
