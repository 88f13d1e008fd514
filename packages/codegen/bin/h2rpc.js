#!/usr/bin/env node
// The `h2rpc` command. A committed launcher (not build output) so npm can link it at install
// time, before the package is built; the command itself lives in dist/.
import { existsSync } from "node:fs";

const cli = new URL("../dist/cli.js", import.meta.url);
if (!existsSync(cli)) {
  console.error("h2rpc: @h2rpc/codegen is not built yet; run `npm run build` (or `npx turbo run build`) first.");
  process.exit(1);
}
await import(cli.href);
