/**
 * @h2rpc/codegen: generates typed h2rpc clients and servers from .proto files.
 *
 * Use the `h2rpc generate` command line, or {@link generate} from code ({@link generateSdk} for
 * an npm package of typed clients, `h2rpc generate --sdk`). The protoc plugin
 * `protoc-gen-h2rpc` is also installed as a bin, for use with protoc or a buf.gen.yaml.
 * @module
 */

export type { CliIo } from "./cli/cli-io.js";
export { runCli } from "./cli/run-cli.js";
export { TS_PROTO_OPTIONS } from "./generate/buf-template.js";
export { type GenerateOptions, type GenerateResult, generate } from "./generate/generate.js";
export { type Diagnostic, formatDiagnostic, GenerateError } from "./generate/generate-error.js";
export { generateSdk, type SdkOptions, type SdkResult } from "./sdk/generate-sdk.js";
