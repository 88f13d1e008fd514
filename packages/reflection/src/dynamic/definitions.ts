import type { MethodDefinition, ServiceDefinition } from "h2rpc";
import type { Namespace, ReflectionObject, Root, Service, Type } from "protobufjs";
import { type DynamicMessage, type DynamicMessageType, dynamicMessageType } from "./message-type.js";
import { methodKey } from "./method-key.js";
import { protobuf } from "./protobufjs.js";

/** A method of a service loaded at run time. */
export interface DynamicMethodDefinition extends MethodDefinition<DynamicMessage, DynamicMessage> {
  /** Codec (and JSON conversion) of the requests. */
  readonly requestType: DynamicMessageType;
  /** Codec (and JSON conversion) of the responses. */
  readonly responseType: DynamicMessageType;
}

/**
 * A service loaded at run time: a {@link ServiceDefinition} for h2rpc's `createClient` and
 * `server.add`, methods keyed by lowerCamelCase name as in generated code.
 */
export interface DynamicServiceDefinition extends ServiceDefinition {
  /** Methods keyed by lowerCamelCase name (`sayHello`). */
  readonly methods: { readonly [key: string]: DynamicMethodDefinition };
}

/** The services and messages of .proto files or descriptors loaded at run time. */
export interface DynamicDefinitions {
  /** The protobufjs root holding every type. */
  readonly root: Root;
  /** Every service, sorted by full name. */
  readonly services: readonly DynamicServiceDefinition[];
  /** The service called `fullName` (`helloworld.Greeter`), if any. */
  service(fullName: string): DynamicServiceDefinition | undefined;
  /** The message type called `fullName` (`helloworld.HelloRequest`), if any. */
  messageType(fullName: string): DynamicMessageType | undefined;
}

/** The definitions of everything in `root`, which must be resolved (`root.resolveAll()`). */
export function definitionsFromRoot(root: Root): DynamicDefinitions {
  const services = collect(root, (o): o is Service => o instanceof protobuf.Service)
    .map(serviceDefinition)
    .sort((a, b) => (a.fullName < b.fullName ? -1 : a.fullName > b.fullName ? 1 : 0));
  const byName = new Map(services.map((s) => [s.fullName, s]));
  return {
    root,
    services,
    service: (fullName) => byName.get(stripDot(fullName)),
    messageType(fullName) {
      const found = lookup(root, fullName);
      return found instanceof protobuf.Type ? dynamicMessageType(found) : undefined;
    },
  };
}

/** The {@link DynamicServiceDefinition} of a resolved protobufjs service. */
export function serviceDefinition(service: Service): DynamicServiceDefinition {
  const methods: Record<string, DynamicMethodDefinition> = {};
  const fullName = stripDot(service.fullName);
  for (const method of service.methodsArray) {
    method.resolve();
    const key = methodKey(method.name);
    if (key in methods) throw new Error(`service ${fullName}: two methods become "${key}"`);
    methods[key] = {
      name: method.name,
      path: `/${fullName}/${method.name}`,
      requestType: dynamicMessageType(method.resolvedRequestType as Type),
      responseType: dynamicMessageType(method.resolvedResponseType as Type),
      requestStream: method.requestStream === true,
      responseStream: method.responseStream === true,
    };
  }
  return { name: service.name, fullName, methods };
}

/** The object called `fullName` (with or without leading dot) in `root`, if any. */
export function lookup(root: Root, fullName: string): ReflectionObject | null {
  const name = stripDot(fullName);
  return name === "" ? null : root.lookup(`.${name}`);
}

function collect<T extends ReflectionObject>(ns: Namespace, is: (o: ReflectionObject) => o is T): T[] {
  const out: T[] = [];
  for (const nested of ns.nestedArray) {
    if (is(nested)) out.push(nested);
    if (nested instanceof protobuf.Namespace) out.push(...collect(nested, is));
  }
  return out;
}

function stripDot(name: string): string {
  return name.startsWith(".") ? name.slice(1) : name;
}
