/**
 * @h2rpc/reflection: gRPC server reflection for h2rpc servers, a client of it, and a dynamic
 * (no-codegen) mode that loads .proto files or descriptors at run time with protobufjs.
 * The `h2rpc list` / `describe` / `call` commands live in `@h2rpc/reflection/cli`.
 * @module
 */
export {
  createReflectionClient,
  type ReflectionClient,
  type ReflectionClientOptions,
} from "./client/reflection-client.js";
export {
  type DecodedFileDescriptor,
  decodeFileDescriptor,
  type FileDescriptorInput,
} from "./descriptors/descriptor-input.js";
export { DescriptorPool, type SymbolLocation } from "./descriptors/descriptor-pool.js";
export type { SymbolKind } from "./descriptors/symbols.js";
export {
  type DynamicDefinitions,
  type DynamicMethodDefinition,
  type DynamicServiceDefinition,
  definitionsFromRoot,
} from "./dynamic/definitions.js";
export { definitionsFromDescriptors } from "./dynamic/from-descriptors.js";
export { type LoadProtoOptions, loadProtoDefinitions } from "./dynamic/load-proto.js";
export {
  type DynamicMessage,
  type DynamicMessageType,
  dynamicMessageType,
  type FromJsonOptions,
} from "./dynamic/message-type.js";
export { methodKey } from "./dynamic/method-key.js";
export {
  createReflection,
  REFLECTION_SERVICES,
  type Reflection,
  type ReflectionHost,
  type ReflectionOptions,
  type ServiceRegistration,
} from "./server/create-reflection.js";
