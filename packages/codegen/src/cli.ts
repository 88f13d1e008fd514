#!/usr/bin/env node
/**
 * The `h2rpc` command line: `h2rpc generate`, and `h2rpc list`, `describe` and `call` (from
 * @h2rpc/reflection, loaded on use). See `h2rpc --help`.
 * @module
 */
import { processIo } from "./cli/cli-io.js";
import { runCli } from "./cli/run-cli.js";

process.exitCode = await runCli(process.argv.slice(2), processIo());
