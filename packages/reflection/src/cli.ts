/**
 * The `h2rpc list`, `h2rpc describe` and `h2rpc call` commands, which the `h2rpc` bin of
 * @h2rpc/codegen loads from here: `@h2rpc/reflection/cli`.
 * @module
 */
export type { RpcCliIo } from "./cli/cli-io.js";
export { HELP } from "./cli/help.js";
export { type RpcCommandName, runRpcCommand } from "./cli/run-rpc-command.js";
