import type { DescEnum, DescFile, DescMessage } from "@bufbuild/protobuf";

/**
 * ts-proto renames these top-level names (adding `Message`) so they do not shadow globals;
 * see `messageName` in ts-proto's visit.ts.
 */
const TS_PROTO_RENAMED = new Set(["Date", "Function"]);

/**
 * The TypeScript name ts-proto 2.x gives a message: the names from the outermost message
 * down, each snake_case name turned into camelCase, joined with `_` (`Outer.Inner` →
 * `Outer_Inner`), with `Message` added to `Date` and `Function`.
 */
export function tsProtoMessageName(message: DescMessage): string {
  return tsProtoTypeName(message);
}

/**
 * The TypeScript name ts-proto 2.x gives a message or an enum: enums are named like messages
 * (`Item.Variant.Size` → `Item_Variant_Size`), see {@link tsProtoMessageName}.
 */
export function tsProtoTypeName(type: DescMessage | DescEnum): string {
  const parts: string[] = [];
  for (let desc: DescMessage | DescEnum | undefined = type; desc !== undefined; desc = desc.parent) {
    parts.unshift(tsProtoCamel(desc.name));
  }
  const name = parts.join("_");
  return TS_PROTO_RENAMED.has(name) ? `${name}Message` : name;
}

/**
 * The JSON helper functions ts-proto exports for an enum: the type name with a lowercase first
 * letter, then `FromJSON` and `ToJSON` (`Item_Variant_Size` → `item_Variant_SizeFromJSON`).
 */
export function tsProtoEnumFunctions(type: DescEnum): [fromJson: string, toJson: string] {
  const name = tsProtoTypeName(type);
  const lower = name.charAt(0).toLowerCase() + name.slice(1);
  return [`${lower}FromJSON`, `${lower}ToJSON`];
}

/**
 * The module ts-proto writes for `file`, relative to the output directory and without
 * extension: `helloworld/greeter.proto` → `helloworld/greeter`. Like ts-proto, only the first
 * `.proto` is dropped.
 */
export function tsProtoModulePath(file: DescFile): string {
  return file.proto.name.replace(".proto", "");
}

/**
 * The key of a method in generated code: the proto name in lowerCamelCase, as ts-proto's
 * service definitions do (`SayHello` → `sayHello`, `GetAPIValue` → `getAPIValue`), with
 * snake_case names camel-cased first (`get_value` → `getValue`).
 */
export function methodKey(protoName: string): string {
  const camel = tsProtoCamel(protoName);
  return camel.charAt(0).toLowerCase() + camel.slice(1);
}

/** ts-proto's `maybeSnakeToCamel` with its default options: names without `_` stay as they are. */
function tsProtoCamel(name: string): string {
  if (!name.includes("_")) return name;
  const hasLowerCase = /[a-z]/.test(name);
  return name
    .split("_")
    .map((word, index) => {
      const w = hasLowerCase ? word : word.toLowerCase();
      return index === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1);
    })
    .join("");
}
