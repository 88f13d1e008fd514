import type { Enum, Field, MapField, Method, OneOf, ReflectionObject, Service, Type } from "protobufjs";
import { protobuf } from "../dynamic/protobufjs.js";
import type { FoundSymbol } from "./find-symbol.js";
import { protoName } from "./find-symbol.js";

/**
 * `h2rpc describe` output for one symbol, in grpcurl's style: `<name> is a <kind>:` then its
 * definition as .proto source, types written fully qualified with a leading dot.
 */
export function describeSymbol(symbol: FoundSymbol): string {
  const name = fullName(symbol.value);
  switch (symbol.kind) {
    case "service":
      return `${name} is a service:\n${printService(symbol.value)}`;
    case "method":
      return `${name} is a method:\n${printMethod(symbol.value)}\n`;
    case "message":
      return `${name} is a message:\n${printMessage(symbol.value, "")}`;
    case "enum":
      return `${name} is an enum:\n${printEnum(symbol.value, "")}`;
    case "field": {
      const field = symbol.value;
      return `${fullName(field.parent!)}.${protoName(field)} is a field:\n${printField(field)}\n`;
    }
    case "oneof":
      return `${name} is a oneof:\n${printOneof(symbol.value, "")}`;
  }
}

/** A service as .proto source. */
export function printService(service: Service): string {
  const lines = service.methodsArray.map((method) => `  ${printMethod(method)}\n`);
  return `service ${service.name} {\n${lines.join("")}}\n`;
}

/** A method as its `rpc` line. */
export function printMethod(method: Method): string {
  method.resolve();
  const request = `${method.requestStream ? "stream " : ""}${typeRef(method.resolvedRequestType)}`;
  const response = `${method.responseStream ? "stream " : ""}${typeRef(method.resolvedResponseType)}`;
  return `rpc ${method.name} ( ${request} ) returns ( ${response} );`;
}

/** A message, with its fields, oneofs, nested messages and enums, as .proto source. */
export function printMessage(type: Type, indent: string): string {
  const inner = `${indent}  `;
  const body: string[] = [];
  const printed = new Set<OneOf>();
  for (const field of type.fieldsArray) {
    const oneof = realOneof(field);
    if (oneof === undefined) body.push(`${inner}${printField(field)}\n`);
    else if (!printed.has(oneof)) {
      printed.add(oneof);
      body.push(printOneof(oneof, inner));
    }
  }
  for (const [from, to] of type.extensions ?? []) {
    body.push(`${inner}extensions ${from === to ? from : `${from} to ${to === 536870911 ? "max" : to}`};\n`);
  }
  for (const nested of type.nestedArray) {
    if (nested instanceof protobuf.Type && !isMapEntry(nested)) body.push(printMessage(nested, inner));
    else if (nested instanceof protobuf.Enum) body.push(printEnum(nested, inner));
  }
  return `${indent}message ${type.name} {\n${body.join("")}${indent}}\n`;
}

/** An enum as .proto source. */
export function printEnum(e: Enum, indent: string): string {
  const values = Object.entries(e.values).map(([name, number]) => `${indent}  ${name} = ${number};\n`);
  return `${indent}enum ${e.name} {\n${values.join("")}${indent}}\n`;
}

/** One field declaration, e.g. `repeated .pkg.Item items = 3;` or `map<string, int64> counts = 4;`. */
export function printField(field: Field): string {
  field.resolve();
  const name = protoName(field);
  if (field.map) {
    const map = field as unknown as MapField;
    return `map<${map.keyType}, ${fieldType(field)}> ${name} = ${field.id};`;
  }
  const label = field.repeated ? "repeated " : field.required ? "required " : isOptional(field) ? "optional " : "";
  return `${label}${fieldType(field)} ${name} = ${field.id};`;
}

function printOneof(oneof: OneOf, indent: string): string {
  const fields = oneof.fieldsArray.map((field) => `${indent}  ${printField(field)}\n`);
  return `${indent}oneof ${oneof.name} {\n${fields.join("")}${indent}}\n`;
}

/** The oneof `field` is part of, unless it is the synthetic one of a proto3 `optional` field. */
function realOneof(field: Field): OneOf | undefined {
  const oneof = field.partOf ?? undefined;
  if (oneof === undefined || field.options?.proto3_optional === true) return undefined;
  return oneof;
}

/** proto3 `optional`, or a proto2 singular field (explicit presence), outside a real oneof. */
function isOptional(field: Field): boolean {
  if (field.options?.proto3_optional === true) return true;
  const presence = (field as { _features?: { field_presence?: string } })._features?.field_presence;
  return presence === "EXPLICIT" && (field.partOf ?? undefined) === undefined;
}

function isMapEntry(type: Type): boolean {
  return type.options?.map_entry === true;
}

function fieldType(field: Field): string {
  return field.resolvedType === null ? field.type : typeRef(field.resolvedType);
}

function typeRef(type: ReflectionObject | null): string {
  return type === null ? "?" : `.${fullName(type)}`;
}

function fullName(object: ReflectionObject): string {
  return object.fullName.replace(/^\./, "");
}
