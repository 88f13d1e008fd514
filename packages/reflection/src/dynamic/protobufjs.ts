// protobufjs is CommonJS: its ESM face is the default export. One place imports it (and its
// descriptor and ProtoJSON extensions) so every module uses the same instance.
import protobuf from "protobufjs";
import descriptor from "protobufjs/ext/descriptor.js";
import protojson from "protobufjs/ext/protojson.js";

export { descriptor, protobuf, protojson };
