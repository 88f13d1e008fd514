import type { Command } from "./tool-paths.js";

/**
 * ts-proto options `h2rpc generate` uses. Timestamp, wrappers, Struct etc. keep ts-proto's
 * defaults inside messages (a Timestamp field is a `Date`, a StringValue field `string |
 * undefined`); a method whose request or response *is* such a type still gets ts-proto's
 * message (e.g. `Timestamp` with `seconds`/`nanos`), which has encode/decode/fromPartial.
 */
export const TS_PROTO_OPTIONS: readonly string[] = [
  "esModuleInterop=true",
  "forceLong=bigint",
  "oneof=unions-value",
  "useExactTypes=false",
  "importSuffix=.js",
  "outputServices=false",
  "outputIndex=false",
];

/** What goes into the template. */
export interface TemplateInput {
  /** Absolute output directory. */
  readonly outDir: string;
  /** How to run ts-proto. */
  readonly tsProto: Command;
  /** How to run protoc-gen-h2rpc. */
  readonly h2rpc: Command;
  /** Module the generated code imports the runtime from. */
  readonly runtime: string;
  /** Embed each service file's FileDescriptorProtos (`fileDescriptor`, `fileDescriptors`). */
  readonly descriptors: boolean;
  /** Write the `<Service>Server` interfaces (false: client code only). */
  readonly server: boolean;
}

/**
 * The inline `buf.gen.yaml` (v2, as JSON) for `buf generate --template`: ts-proto, then
 * protoc-gen-h2rpc, both local and run once over all files (`strategy: all`). ts-proto also
 * writes the files the inputs import (the well-known types included), so no
 * `include_imports` is needed.
 */
export function bufTemplate(input: TemplateInput): string {
  return JSON.stringify({
    version: "v2",
    plugins: [
      { local: input.tsProto, strategy: "all", out: input.outDir, opt: TS_PROTO_OPTIONS },
      {
        local: input.h2rpc,
        strategy: "all",
        out: input.outDir,
        opt: [`runtime=${input.runtime}`, `file_descriptor=${input.descriptors}`, `server=${input.server}`],
      },
    ],
  });
}
