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

/** Renders `export const <name> = "<base64 of the FileDescriptorProto>";` with its doc comment. */
export function renderFileDescriptor(file: DescFile, name: string): string {
  const base64 = Buffer.from(serializeFileDescriptor(file)).toString("base64");
  return [
    `/** The serialized google.protobuf.FileDescriptorProto of ${file.proto.name} (base64), for server reflection. */\n`,
    `export const ${name} = ${JSON.stringify(base64)};\n`,
  ].join("");
}
