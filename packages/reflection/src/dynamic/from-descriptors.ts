import { decodeFileDescriptor, type FileDescriptorInput } from "../descriptors/descriptor-input.js";
import { type DynamicDefinitions, definitionsFromRoot } from "./definitions.js";
import { descriptor, protobuf } from "./protobufjs.js";

/**
 * The services and messages of serialized FileDescriptorProtos, e.g. those server reflection
 * answers or the `fileDescriptors` export of generated code, as dynamic definitions. Files
 * must come with their dependencies; missing well-known types are filled in from protobufjs's
 * bundled copies.
 * @throws {Error} when a descriptor does not decode or a referenced type is missing.
 */
export function definitionsFromDescriptors(descriptors: Iterable<FileDescriptorInput>): DynamicDefinitions {
  const files = new Map<string, Uint8Array>();
  const imports = new Set<string>();
  for (const input of descriptors) {
    const { proto, bytes } = decodeFileDescriptor(input);
    if (!files.has(proto.name)) files.set(proto.name, bytes);
    for (const dependency of proto.dependency) imports.add(dependency);
  }
  const missing = [...imports].filter((name) => !files.has(name));
  const root = protobuf.Root.fromDescriptor(fileDescriptorSet([...files.values(), ...bundledFiles(missing)]));
  root.resolveAll();
  return definitionsFromRoot(root);
}

/** Serialized descriptors of the well-known types among `names` that protobufjs bundles. */
function bundledFiles(names: readonly string[]): Uint8Array[] {
  const wkt = new protobuf.Root();
  let found = false;
  for (const name of names) {
    const bundled = protobuf.common.get(name);
    if (bundled?.nested === undefined) continue;
    wkt.addJSON(bundled.nested);
    found = true;
  }
  if (!found) return [];
  return wkt.toDescriptor("proto3").file.map((file) => descriptor.FileDescriptorProto.encode(file).finish());
}

/** A serialized FileDescriptorSet of serialized FileDescriptorProtos (field 1, repeated). */
function fileDescriptorSet(files: readonly Uint8Array[]): Uint8Array {
  const writer = protobuf.Writer.create();
  for (const file of files) writer.uint32(10).bytes(file);
  return writer.finish();
}
