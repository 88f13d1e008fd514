import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createFileRegistry, type FileRegistry, fromBinary } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { parseBufErrors } from "./buf-diagnostics.js";
import { GenerateError } from "./generate-error.js";
import type { ProtoInputs } from "./proto-inputs.js";
import { runBuf } from "./run-buf.js";
import { bufCommand } from "./tool-paths.js";

/**
 * Compiles the inputs with `buf build` into a registry of their files and every file they
 * import (the well-known types included), with source info: comments stay readable.
 * @throws {GenerateError} for bad .proto files, as `generate` does.
 */
export async function buildRegistry(inputs: ProtoInputs, cwd: string): Promise<FileRegistry> {
  const dir = mkdtempSync(join(tmpdir(), "h2rpc-build-"));
  try {
    const image = join(dir, "image.binpb");
    const pathArgs = inputs.paths.flatMap((path) => ["--path", path]);
    const args = ["build", inputs.root, "-o", image, "--error-format", "json", ...pathArgs];
    const { exitCode, stderr } = await runBuf(bufCommand(), args, cwd);
    if (exitCode !== 0) {
      const diagnostics = parseBufErrors(stderr, cwd);
      throw new GenerateError(diagnostics.length > 0 ? diagnostics : `buf failed with exit code ${exitCode}`);
    }
    // A buf image is a FileDescriptorSet with extra fields, which parsing ignores.
    return createFileRegistry(fromBinary(FileDescriptorSetSchema, readFileSync(image)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
