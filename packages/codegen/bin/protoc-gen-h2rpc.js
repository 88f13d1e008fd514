#!/usr/bin/env node
// The protoc/buf plugin launcher, for use outside `h2rpc generate` (which runs dist/ directly).
import { existsSync } from "node:fs";

const plugin = new URL("../dist/protoc-gen-h2rpc.js", import.meta.url);
if (!existsSync(plugin)) {
  console.error("protoc-gen-h2rpc: @h2rpc/codegen is not built yet; run `npm run build` first.");
  process.exit(1);
}
await import(plugin.href);
