import type { MessageType } from "h2rpc";
import type { Message, Type } from "protobufjs";
import { protojson } from "./protobufjs.js";

/**
 * A message of a type loaded at run time: a protobufjs message, whose fields are properties
 * named in lowerCamelCase (`display_name` → `displayName`). 64-bit integers decode as `Long`
 * (numbers and decimal strings are accepted on input), enums as numbers, bytes as Uint8Array.
 * Use {@link DynamicMessageType.toJson} / {@link DynamicMessageType.fromJson} for JSON.
 */
export type DynamicMessage = Message<Record<string, unknown>> & Record<string, any>;

/** Options of {@link DynamicMessageType.fromJson}. */
export interface FromJsonOptions {
  /** Skip JSON members that are not fields (and unknown enum names) instead of failing. Default false. */
  ignoreUnknownFields?: boolean;
}

/**
 * A message type loaded at run time, usable wherever h2rpc takes a generated one (a
 * {@link MessageType}), with canonical ProtoJSON conversion (the JSON mapping every gRPC
 * runtime and grpcurl use: lowerCamelCase names, int64 as strings, well-known types such as
 * Timestamp as `"2024-01-01T00:00:00Z"`, Any with `@type`).
 */
export interface DynamicMessageType extends MessageType<DynamicMessage> {
  /** The fully-qualified name, e.g. `helloworld.HelloRequest`. */
  readonly fullName: string;
  /** The protobufjs type behind it. */
  readonly type: Type;
  /** Builds a message from a plain object of field values (protobufjs `fromObject`). */
  fromPartial(object: Record<string, unknown>): DynamicMessage;
  /** Parses ProtoJSON (already parsed, e.g. from `JSON.parse`); throws an Error saying what is wrong. */
  fromJson(json: unknown, options?: FromJsonOptions): DynamicMessage;
  /** Formats `message` as ProtoJSON (a plain value for `JSON.stringify`); fields at their default are left out. */
  toJson(message: DynamicMessage | Record<string, unknown>): unknown;
}

const cache = new WeakMap<Type, DynamicMessageType>();

/** The {@link DynamicMessageType} of a protobufjs type (one per type). */
export function dynamicMessageType(type: Type): DynamicMessageType {
  let wrapped = cache.get(type);
  if (wrapped === undefined) {
    wrapped = {
      fullName: type.fullName.replace(/^\./, ""),
      type,
      encode: (message) => type.encode(message),
      decode: (input) => type.decode(input) as DynamicMessage,
      fromPartial: (object) => type.fromObject(object) as DynamicMessage,
      fromJson: (json, options) => protojson.fromJson(type, json, options) as DynamicMessage,
      toJson: (message) => protojson.toJson(type, message),
    };
    cache.set(type, wrapped);
  }
  return wrapped;
}
