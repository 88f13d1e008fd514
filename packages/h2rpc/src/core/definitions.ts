/**
 * The shape of a generated protobuf message type (ts-proto's `MessageFns`, or any object with
 * the same three functions). h2rpc only needs to encode, decode and fill defaults.
 */
export interface MessageType<T> {
  /** Serialises `message`; `writer` lets a caller reuse one writer. */
  encode(message: T, writer?: never): { finish(): Uint8Array };
  /** Parses one message from its bytes. */
  decode(input: Uint8Array): T;
  /** Builds a full message from a partial one, filling proto3 defaults. */
  fromPartial(object: never): T;
}

/** One RPC method of a service, as emitted by `h2rpc generate`. */
export interface MethodDefinition<
  Req = unknown,
  Res = unknown,
  RequestStream extends boolean = boolean,
  ResponseStream extends boolean = boolean,
> {
  /** The method name as written in the .proto file, e.g. `SayHello`. */
  readonly name: string;
  /** The HTTP/2 `:path`: `/package.Service/Method`. */
  readonly path: string;
  /** Codec of request messages. */
  readonly requestType: MessageType<Req>;
  /** Codec of response messages. */
  readonly responseType: MessageType<Res>;
  /** True when the client sends a stream of messages. */
  readonly requestStream: RequestStream;
  /** True when the server sends a stream of messages. */
  readonly responseStream: ResponseStream;
}

/** A service: its full name and its methods keyed by their lowerCamelCase names. */
export interface ServiceDefinition {
  /** The service name, e.g. `Greeter`. */
  readonly name: string;
  /** The fully-qualified service name, e.g. `helloworld.Greeter`. */
  readonly fullName: string;
  /** Methods keyed by lowerCamelCase name. */
  readonly methods: { readonly [method: string]: MethodDefinition<any, any> };
}

/** The kind of call a method makes, from its two streaming flags. */
export type MethodKind = "unary" | "server_streaming" | "client_streaming" | "bidi_streaming";

/** The {@link MethodKind} of `method`. */
export function methodKind(method: MethodDefinition<any, any>): MethodKind {
  if (method.requestStream) return method.responseStream ? "bidi_streaming" : "client_streaming";
  return method.responseStream ? "server_streaming" : "unary";
}

type Builtin = Date | ((...args: never[]) => unknown) | Uint8Array | string | number | boolean | bigint | undefined;

/**
 * A message with every field optional, recursively: what clients accept as a request and
 * handlers may return as a response. Matches ts-proto's `DeepPartial` (64-bit fields also
 * accept numbers and strings).
 */
export type DeepPartial<T> = T extends bigint
  ? string | number | bigint
  : T extends Builtin
    ? T
    : T extends Array<infer U>
      ? Array<DeepPartial<U>>
      : T extends ReadonlyArray<infer U>
        ? ReadonlyArray<DeepPartial<U>>
        : T extends { $case: string; value: unknown }
          ? { $case: T["$case"]; value?: DeepPartial<T["value"]> }
          : // biome-ignore lint/complexity/noBannedTypes: `{}` matches any object type, as ts-proto's DeepPartial does
            T extends {}
            ? { [K in keyof T]?: DeepPartial<T[K]> }
            : Partial<T>;
