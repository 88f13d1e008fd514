import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { type FileDescriptorProto, FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";

/**
 * A file descriptor as the API accepts it: the base64 text `h2rpc generate` embeds
 * (`fileDescriptor`, `fileDescriptors`), the serialized `google.protobuf.FileDescriptorProto`
 * bytes, or a decoded @bufbuild/protobuf `FileDescriptorProto`.
 */
export type FileDescriptorInput = string | Uint8Array | FileDescriptorProto;

/** One file descriptor, decoded, with the exact bytes served for it. */
export interface DecodedFileDescriptor {
  /** The decoded descriptor. */
  readonly proto: FileDescriptorProto;
  /** Its serialized form, as received (base64-decoded) or as encoded from `proto`. */
  readonly bytes: Uint8Array;
}

/** Decodes one {@link FileDescriptorInput}; throws a TypeError naming what is wrong. */
export function decodeFileDescriptor(input: FileDescriptorInput): DecodedFileDescriptor {
  if (typeof input === "string") return fromBytes(Buffer.from(input, "base64"), "base64 string");
  if (input instanceof Uint8Array) return fromBytes(input, "bytes");
  if (typeof input === "object" && input !== null && input.$typeName === FileDescriptorProtoSchema.typeName) {
    return { proto: input, bytes: toBinary(FileDescriptorProtoSchema, input) };
  }
  throw new TypeError("a file descriptor must be a base64 string, bytes or a FileDescriptorProto");
}

function fromBytes(bytes: Uint8Array, what: string): DecodedFileDescriptor {
  let proto: FileDescriptorProto;
  try {
    proto = fromBinary(FileDescriptorProtoSchema, bytes);
  } catch (error) {
    throw new TypeError(`a file descriptor (${what}) is not a serialized FileDescriptorProto: ${String(error)}`);
  }
  if (proto.name === "") throw new TypeError(`a file descriptor (${what}) has no file name`);
  return { proto, bytes };
}
