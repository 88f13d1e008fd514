#!/usr/bin/env node
/**
 * protoc-gen-h2rpc: a protoc/buf plugin writing `<file>.h2rpc.ts` (typed service definitions,
 * client and server interfaces) next to ts-proto's `<file>.ts`. Options: see PluginOptions.
 * @module
 */
import { runNodeJs } from "@bufbuild/protoplugin";
import { h2rpcPlugin } from "./plugin/plugin.js";

runNodeJs(h2rpcPlugin);
