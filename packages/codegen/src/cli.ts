#!/usr/bin/env node
/**
 * The `h2rpc` command line: `h2rpc generate`, and more commands to come. See `h2rpc --help`.
 * @module
 */
import { processIo } from "./cli/cli-io.js";
import { runCli } from "./cli/run-cli.js";

process.exitCode = await runCli(process.argv.slice(2), processIo());
