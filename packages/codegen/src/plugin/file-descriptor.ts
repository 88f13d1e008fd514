import { clone, type DescFile, toBinary } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";

/**
 * The serialized `google.protobuf.FileDescriptorProto` of `file`, without source code info:
 * the bytes server reflection (`grpc.reflection.v1`) serves for the file.
 */
export function serializeFileDescriptor(file: DescFile): Uint8Array {
  const proto = clone(FileDescriptorProtoSchema, file.proto);
  proto.sourceCodeInfo = undefined;
  return toBinary(FileDescriptorProtoSchema, proto);
}

/**
 * `file` and every file it imports, transitively (public and weak imports too), each once,
 * dependencies before the files importing them: an order in which each file can be loaded.
 */
export function fileWithDependencies(file: DescFile): DescFile[] {
  const ordered: DescFile[] = [];
  const seen = new Set<string>();
  const visit = (f: DescFile) => {
    if (seen.has(f.proto.name)) return;
    seen.add(f.proto.name);
    for (const dependency of f.dependencies) visit(dependency);
    ordered.push(f);
  };
  visit(file);
  return ordered;
}

/** Names of the exported constants {@link renderFileDescriptors} writes. */
export interface FileDescriptorNames {
  /** The file's own descriptor, e.g. `fileDescriptor`. */
  readonly single: string;
  /** The file's descriptor and those of its dependencies, e.g. `fileDescriptors`. */
  readonly all: string;
}

/**
 * Renders the file's base64 FileDescriptorProto as `export const <single> = "...";` and, as
 * `export const <all>: readonly string[]`, those of its transitive imports (well-known types
 * included) followed by it: everything server reflection needs to describe the file's services.
 */
export function renderFileDescriptors(file: DescFile, names: FileDescriptorNames): string {
  const base64 = (f: DescFile) => JSON.stringify(Buffer.from(serializeFileDescriptor(f)).toString("base64"));
  const entries = fileWithDependencies(file).map((f) =>
    f === file ? `  ${names.single},\n` : `  // ${f.proto.name}\n  ${base64(f)},\n`,
  );
  return [
    `/** The serialized google.protobuf.FileDescriptorProto of ${file.proto.name} (base64), for server reflection. */\n`,
    `export const ${names.single} = ${base64(file)};\n\n`,
    "/**\n",
    ` * The serialized FileDescriptorProtos (base64) of ${file.proto.name} and of every file it imports,\n`,
    " * transitively, dependencies first: what server reflection needs to describe its services.\n",
    " */\n",
    `export const ${names.all}: readonly string[] = [\n`,
    ...entries,
    "];\n",
  ].join("");
}
