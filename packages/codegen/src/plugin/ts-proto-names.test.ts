import { execFileSync } from "node:child_process";
import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { nestedTypes } from "@bufbuild/protobuf/reflect";
import { CodeGeneratorRequestSchema, CodeGeneratorResponseSchema } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { tsProtoCommand } from "../generate/tool-paths.js";
import { pluginRequest, registryOfSource } from "../test-support/descriptors.js";
import { tempDir, writeFiles } from "../test-support/temp-dir.js";
import {
  methodKey,
  tsProtoEnumFunctions,
  tsProtoMessageName,
  tsProtoModulePath,
  tsProtoTypeName,
} from "./ts-proto-names.js";

describe("methodKey", () => {
  it("lower-cases the first letter like ts-proto's service definitions", () => {
    expect(methodKey("SayHello")).toBe("sayHello");
    expect(methodKey("GetAPIValue")).toBe("getAPIValue");
    expect(methodKey("ping")).toBe("ping");
  });

  it("camel-cases snake_case names", () => {
    expect(methodKey("get_legacy_value")).toBe("getLegacyValue");
    expect(methodKey("GET_VALUE")).toBe("getValue");
  });
});

const SOURCE = `syntax = "proto3";
package names.v1;
message Outer { message Inner { message Deepest {} } message Date {} enum Kind { KIND_UNSPECIFIED = 0; } }
message snake_case_name { message inner_part {} }
message SHOUTY_NAME {}
message Date {}
message Function {}
enum top_level { TOP_LEVEL_UNSPECIFIED = 0; }
`;

describe("tsProtoMessageName and tsProtoModulePath", () => {
  const registry = registryOfSource("names/v1/names.proto", SOURCE);
  const name = (typeName: string) => tsProtoMessageName(registry.getMessage(typeName)!);

  it("joins nested names with _", () => {
    expect(name("names.v1.Outer.Inner")).toBe("Outer_Inner");
    expect(name("names.v1.Outer.Inner.Deepest")).toBe("Outer_Inner_Deepest");
    expect(name("names.v1.Outer.Date")).toBe("Outer_Date");
  });

  it("camel-cases snake_case names and renames Date and Function", () => {
    expect(name("names.v1.snake_case_name")).toBe("snakeCaseName");
    expect(name("names.v1.snake_case_name.inner_part")).toBe("snakeCaseName_innerPart");
    expect(name("names.v1.SHOUTY_NAME")).toBe("shoutyName");
    expect(name("names.v1.Date")).toBe("DateMessage");
    expect(name("names.v1.Function")).toBe("FunctionMessage");
  });

  it("names enums like messages, with JSON helpers", () => {
    expect(tsProtoTypeName(registry.getEnum("names.v1.Outer.Kind")!)).toBe("Outer_Kind");
    expect(tsProtoEnumFunctions(registry.getEnum("names.v1.Outer.Kind")!)).toEqual([
      "outer_KindFromJSON",
      "outer_KindToJSON",
    ]);
    expect(tsProtoTypeName(registry.getEnum("names.v1.top_level")!)).toBe("topLevel");
  });

  it("maps a file to ts-proto's module path", () => {
    expect(tsProtoModulePath(registry.getFile("names/v1/names.proto")!)).toBe("names/v1/names");
  });

  it("matches the names ts-proto really exports", () => {
    const root = tempDir();
    writeFiles(root, { "names/v1/names.proto": SOURCE });
    const request = pluginRequest(root, ["names/v1/names.proto"], "outputServices=false");
    const [exe, ...args] = tsProtoCommand();
    const stdout = execFileSync(exe, args, { input: toBinary(CodeGeneratorRequestSchema, request) });
    const response = fromBinary(CodeGeneratorResponseSchema, stdout);
    const code = response.file.find((f) => f.name === "names/v1/names.ts")?.content ?? "";
    const file = registry.getFile("names/v1/names.proto")!;
    const messages = [...nestedTypes(file)].filter((t) => t.kind === "message");
    expect(messages.length).toBe(9);
    for (const message of messages) expect(code).toContain(`export interface ${tsProtoMessageName(message)} {`);
    const enums = [...nestedTypes(file)].filter((t) => t.kind === "enum");
    expect(enums.length).toBe(2);
    for (const type of enums) {
      expect(code).toContain(`export enum ${tsProtoTypeName(type)} {`);
      for (const fn of tsProtoEnumFunctions(type)) expect(code).toContain(`export function ${fn}(`);
    }
  });
});
