import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { create, createFileRegistry, type FileRegistry, fromBinary } from "@bufbuild/protobuf";
import { type CodeGeneratorRequest, CodeGeneratorRequestSchema, FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { bufCommand } from "../generate/tool-paths.js";
import { tempDir, writeFiles } from "./temp-dir.js";

/** Compiles the .proto files under `root` with `buf build` (source info and imports kept). */
export function buildDescriptorSet(root: string): Uint8Array {
  const out = join(tempDir(), "set.binpb");
  const [exe, ...args] = bufCommand();
  execFileSync(exe, [...args, "build", root, "-o", out], { stdio: "pipe" });
  return readFileSync(out);
}

/** The registry of the .proto files under `root`. */
export function registryOf(root: string): FileRegistry {
  return createFileRegistry(fromBinary(FileDescriptorSetSchema, buildDescriptorSet(root)));
}

/** The registry of one .proto source, saved as `file` in a temporary root. */
export function registryOfSource(file: string, source: string): FileRegistry {
  const root = tempDir();
  writeFiles(root, { [file]: source });
  return registryOf(root);
}

/** A plugin request for `filesToGenerate` of the protos under `root`, as buf would send it. */
export function pluginRequest(root: string, filesToGenerate: readonly string[], parameter = ""): CodeGeneratorRequest {
  const set = fromBinary(FileDescriptorSetSchema, buildDescriptorSet(root));
  return create(CodeGeneratorRequestSchema, { fileToGenerate: [...filesToGenerate], parameter, protoFile: set.file });
}
