import { readFileSync } from "node:fs";

let version: string | undefined;

/** The version of @h2rpc/codegen, read once from its package.json. */
export function packageVersion(): string {
  // src/ and dist/ both sit directly under the package root.
  version ??= (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string })
    .version;
  return version;
}
