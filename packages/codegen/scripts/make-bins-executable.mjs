// Marks the package's bin files executable after `tsc` wrote them (tsc writes mode 0644), so
// the node_modules/.bin links npm made at install time work. No-op on Windows.
import { chmodSync } from "node:fs";

for (const bin of ["dist/cli.js", "dist/protoc-gen-h2rpc.js"]) chmodSync(new URL(`../${bin}`, import.meta.url), 0o755);
