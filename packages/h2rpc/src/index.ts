// Public API of h2rpc. Everything not listed here is internal.

export { createClient } from "./client/create-client.js";
export type { CallOptions } from "./core/call-options.js";
export type { ClientOptions } from "./core/client-options.js";
export type {
  BidiStreamingCall,
  Client,
  ClientMethod,
  ClientStreamingCall,
  RequestStream,
  ServerStreamingCall,
  UnaryCall,
} from "./core/client-types.js";
export { Code, codeName } from "./core/code.js";
export { type CompressionName, sendUncompressed, wasCompressed } from "./core/compression.js";
export type { DeepPartial, MessageType, MethodDefinition, MethodKind, ServiceDefinition } from "./core/definitions.js";
export { methodKind } from "./core/definitions.js";
export {
  type BadRequest,
  type BadRequest_FieldViolation,
  type DebugInfo,
  type Duration,
  type ErrorDetail,
  ErrorDetails,
  type ErrorDetailType,
  type ErrorInfo,
  errorDetailType,
  type Help,
  type Help_Link,
  type LocalizedMessage,
  type PreconditionFailure,
  type PreconditionFailure_Violation,
  type QuotaFailure,
  type QuotaFailure_Violation,
  type RequestInfo,
  type ResourceInfo,
  type RetryInfo,
} from "./core/error-details.js";
export type {
  ClientCallRequest,
  ClientCallResponse,
  ClientInterceptor,
  ClientNext,
  ServerCallRequest,
  ServerInterceptor,
  ServerNext,
} from "./core/interceptors.js";
export { Metadata, type MetadataInit, type MetadataValue } from "./core/metadata.js";
export { RpcError, type RpcErrorOptions } from "./core/rpc-error.js";
export type { ServerCallContext } from "./core/server-context.js";
export type {
  BidiStreamingHandler,
  ClientStreamingHandler,
  ServerMethod,
  ServerStreamingHandler,
  ServiceImplementation,
  StreamResult,
  UnaryHandler,
  UnaryResult,
} from "./core/server-types.js";
export type {
  HedgingPolicy,
  MethodConfig,
  MethodName,
  RetryPolicy,
  RetryThrottling,
  ServiceConfig,
} from "./core/service-config.js";
export type { ServerStats } from "./server/connection-stats.js";
export { type CloseOptions, createServer, type Server, type ServerOptions } from "./server/create-server.js";
export type { ServerTlsOptions } from "./server/server-tls.js";
export {
  type Channel,
  type ChannelOptions,
  type ChannelStats,
  type ClientTlsOptions,
  type ConnectivityState,
  createChannel,
  type LoadBalancingPolicy,
} from "./transport/channel.js";
export type { Address, Resolver } from "./transport/resolver.js";
export type { Target } from "./transport/target.js";
export { parseServiceConfig } from "./wire/service-config-json.js";
