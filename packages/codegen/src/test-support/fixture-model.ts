import { buildSdkModel, type SdkModel } from "../sdk/sdk-model.js";
import { registryOf } from "./descriptors.js";
import { FIXTURE_PROTO_DIR } from "./temp-dir.js";

/** The SDK model of the fixture protos, the well-known types being imported files (not in the root). */
export function fixtureModel(): SdkModel {
  const files = [...registryOf(FIXTURE_PROTO_DIR).files];
  return buildSdkModel(files, (file) => !file.proto.name.startsWith("google/"));
}
