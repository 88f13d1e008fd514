import type { Enum, Field, Method, OneOf, Root, Service, Type } from "protobufjs";
import { lookup } from "../dynamic/definitions.js";
import { protobuf } from "../dynamic/protobufjs.js";

/** An element `h2rpc describe` can show. */
export type FoundSymbol =
  | { readonly kind: "service"; readonly value: Service }
  | { readonly kind: "method"; readonly value: Method }
  | { readonly kind: "message"; readonly value: Type }
  | { readonly kind: "enum"; readonly value: Enum }
  | { readonly kind: "field"; readonly value: Field }
  | { readonly kind: "oneof"; readonly value: OneOf };

/**
 * The service, method, message, enum, field or oneof called `fullName` in `root`. Fields are
 * found by their proto name (`display_name`) as well as protobufjs's camelCase one.
 */
export function findSymbol(root: Root, fullName: string): FoundSymbol | undefined {
  const found = classify(lookup(root, fullName));
  if (found !== undefined) return found;
  const dot = fullName.lastIndexOf(".");
  if (dot <= 0) return undefined;
  const parent = lookup(root, fullName.slice(0, dot));
  if (!(parent instanceof protobuf.Type)) return undefined;
  const name = fullName.slice(dot + 1);
  const field = parent.fieldsArray.find((f) => protoName(f) === name || f.name === name);
  if (field !== undefined) return { kind: "field", value: field };
  const oneof = parent.oneofsArray.find((o) => o.name === name);
  return oneof === undefined ? undefined : { kind: "oneof", value: oneof };
}

/** The field's name as written in the .proto file (protobufjs keeps camelCase in `name`). */
export function protoName(field: Field): string {
  return (field as { protoName?: string }).protoName ?? field.name;
}

function classify(object: unknown): FoundSymbol | undefined {
  if (object instanceof protobuf.Service) return { kind: "service", value: object };
  if (object instanceof protobuf.Method) return { kind: "method", value: object };
  if (object instanceof protobuf.Type) return { kind: "message", value: object };
  if (object instanceof protobuf.Enum) return { kind: "enum", value: object };
  if (object instanceof protobuf.Field) return { kind: "field", value: object };
  if (object instanceof protobuf.OneOf) return { kind: "oneof", value: object };
  return undefined;
}
