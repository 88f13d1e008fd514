import type * as grpc from "@grpc/grpc-js";
import type { MethodDefinition, ServiceDefinition } from "h2rpc";

/**
 * The grpc-js service definition of an h2rpc service definition: the same paths, with the
 * generated ts-proto codecs as (de)serializers, so grpc-js and h2rpc move identical bytes and
 * pay for the same protobuf code. (As packages/interop/src/grpc-js/definition.ts.)
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

function encode(type: MethodDefinition<unknown, unknown>["requestType"], value: unknown): Uint8Array {
  return type.encode(type.fromPartial(value as never) as never).finish();
}
