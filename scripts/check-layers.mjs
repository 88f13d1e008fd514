#!/usr/bin/env node
// Fails when an import in packages/h2rpc/src runs against the layer direction:
//   core <- wire <- transport <- client;  wire <- server;  client and server never import each other.
//   gen/ (generated google.rpc messages) imports nothing of ours; only core/ and wire/ import it.
// Also: only transport/ and server/ may import node:http2 / node:net / node:tls. Tests (*.test.ts) may
// import any layer: an end-to-end test of a transport feature needs a client and a server.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const root = resolve(dirname(new URL(import.meta.url).pathname), "../packages/h2rpc/src");
/** What each layer may import (besides itself). */
const allowed = {
  gen: [],
  core: ["gen"],
  wire: ["core", "gen"],
  transport: ["core", "wire"],
  client: ["core", "wire", "transport"],
  server: ["core", "wire"],
  "test-support": ["core", "wire", "transport", "client", "server"],
  ".": ["core", "wire", "transport", "client", "server"],
};
const socketModules = /^node:(http2|net|tls)$/;
const socketLayers = new Set(["transport", "server", "client", "test-support"]);

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (path.endsWith(".ts")) yield path;
  }
}

const layerOf = (path) => {
  const rel = relative(root, path);
  return rel.includes("/") ? rel.split("/")[0] : ".";
};

const problems = [];
for (const file of files(root)) {
  const layer = layerOf(file);
  const isTest = file.endsWith(".test.ts");
  const source = readFileSync(file, "utf8");
  for (const match of source.matchAll(/(?:import|export)[^'"]*?from\s+["']([^"']+)["']/g)) {
    const spec = match[1];
    if (spec.startsWith(".")) {
      const target = layerOf(resolve(dirname(file), spec));
      if (target !== layer && !(allowed[layer] ?? []).includes(target) && !isTest) {
        problems.push(`${relative(root, file)}: ${layer} must not import ${target} (${spec})`);
      }
    } else if (socketModules.test(spec) && !socketLayers.has(layer) && !isTest) {
      problems.push(`${relative(root, file)}: only transport/ and server/ may import ${spec}`);
    }
  }
}
if (problems.length > 0) {
  console.error(`Layer check failed:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log("Layer check passed.");
