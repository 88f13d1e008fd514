// Stand-in for the "h2rpc" package in codegen tests, until its dist exists: the runtime's
// real core types (pure, no node:* imports), plus Channel and createClient declared here
// with the signatures the runtime exports.
import type { ClientOptions } from "../../../h2rpc/src/core/client-options.js";
import type { Client } from "../../../h2rpc/src/core/client-types.js";
import type { ServiceDefinition } from "../../../h2rpc/src/core/definitions.js";

export type { CallOptions } from "../../../h2rpc/src/core/call-options.js";
export type { ClientOptions } from "../../../h2rpc/src/core/client-options.js";
export type { Client, RequestStream } from "../../../h2rpc/src/core/client-types.js";
export type {
  DeepPartial,
  MessageType,
  MethodDefinition,
  ServiceDefinition,
} from "../../../h2rpc/src/core/definitions.js";
export type { ServerCallContext } from "../../../h2rpc/src/core/server-context.js";
export type { ServiceImplementation, StreamResult, UnaryResult } from "../../../h2rpc/src/core/server-types.js";

/** A connection to one gRPC target (see packages/h2rpc/src/transport/channel.ts). */
export interface Channel {
  readonly target: string;
  close(): void;
}

/** A typed client of `service` on `channel`. */
export declare function createClient<S extends ServiceDefinition>(
  service: S,
  channel: Channel,
  options?: ClientOptions,
): Client<S>;
