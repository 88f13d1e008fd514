import { create, createFileRegistry, maximumEdition, minimumEdition } from "@bufbuild/protobuf";
import {
  type CodeGeneratorRequest,
  CodeGeneratorResponse_Feature,
  CodeGeneratorResponseSchema,
  FileDescriptorSetSchema,
} from "@bufbuild/protobuf/wkt";
import type { Plugin } from "@bufbuild/protoplugin";
import { packageVersion } from "../package-version.js";
import { parsePluginOptions } from "./plugin-options.js";
import { type GeneratedFile, renderServiceFile } from "./service-file.js";

/**
 * Generates the `.h2rpc.ts` files of a request: one per file to generate that declares
 * services. Throws (and so fails the protoc/buf run) on bad options or name clashes.
 */
export function generateFiles(request: CodeGeneratorRequest): GeneratedFile[] {
  const options = parsePluginOptions(request.parameter);
  const registry = createFileRegistry(create(FileDescriptorSetSchema, { file: request.protoFile }));
  const files: GeneratedFile[] = [];
  for (const name of request.fileToGenerate) {
    const file = registry.getFile(name);
    if (file === undefined) throw new Error(`${name} is to be generated but is missing from the request`);
    const generated = renderServiceFile(file, options);
    if (generated !== undefined) files.push(generated);
  }
  return files;
}

/** protoc-gen-h2rpc as a @bufbuild/protoplugin {@link Plugin}. */
export const h2rpcPlugin: Plugin = {
  name: "protoc-gen-h2rpc",
  version: `v${packageVersion()}`,
  run(request) {
    return create(CodeGeneratorResponseSchema, {
      supportedFeatures: BigInt(
        CodeGeneratorResponse_Feature.PROTO3_OPTIONAL | CodeGeneratorResponse_Feature.SUPPORTS_EDITIONS,
      ),
      minimumEdition,
      maximumEdition,
      file: generateFiles(request),
    });
  },
};
