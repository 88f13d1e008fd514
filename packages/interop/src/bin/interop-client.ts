#!/usr/bin/env node
// The gRPC interop client on h2rpc, plaintext (h2c).
//   node packages/interop/dist/bin/interop-client.js --server_host 127.0.0.1 --server_port 8080 --test_case all
// prints `PASS name` or `FAIL name: reason` per case, then `N passed, N failed`; exits 1 if any failed.
import { type InteropCaseName, interopCaseNames, isInteropCaseName } from "../cases.js";
import { type FlagSpec, flagsOrExit, UsageError } from "../cli/flags.js";
import { h2rpcInteropCases } from "../client/cases.js";
import { connectH2rpcInteropClients } from "../client/clients.js";
import { defaultCaseTimeoutMs, formatResult, formatSummary, runInteropCases } from "../run-cases.js";

const specs = {
  server_host: { kind: "string", default: "localhost", help: "server host name or address" },
  server_host_override: {
    kind: "string",
    default: "",
    help: "host name to claim (TLS and :authority); accepted for compatibility, unused: plaintext only",
  },
  server_port: { kind: "port", help: "server port" },
  test_case: {
    kind: "string",
    default: "all",
    help: `"all", or one case or a comma-separated list of: ${interopCaseNames.join(", ")}`,
  },
  use_tls: { kind: "boolean", default: false, help: "TLS is not supported: only false is accepted" },
} satisfies Record<string, FlagSpec>;

function selectCases(testCase: string): InteropCaseName[] {
  if (testCase === "all") return [...interopCaseNames];
  const names = testCase.split(",").map((n) => n.trim());
  for (const name of names) {
    if (!isInteropCaseName(name)) throw new UsageError(`unknown test case ${JSON.stringify(name)}`);
  }
  return names as InteropCaseName[];
}

let names: InteropCaseName[] = [];
const flags = flagsOrExit(
  process.argv.slice(2),
  specs,
  "interop-client --server_port=PORT [--server_host=HOST] [--server_host_override=HOST] [--test_case=all|NAME[,NAME...]] [--use_tls=false]",
  (f) => {
    if (f.use_tls) throw new UsageError("--use_tls=true is not supported: this client speaks plaintext HTTP/2 only");
    if (f.server_port === 0) throw new UsageError("--server_port must not be 0");
    names = selectCases(f.test_case);
  },
);
if (flags.server_host_override !== "" && flags.server_host_override !== flags.server_host) {
  console.error(
    `interop-client: note: --server_host_override=${flags.server_host_override} is not used: without TLS it would only ` +
      `change :authority, which h2rpc derives from the target (${flags.server_host}:${flags.server_port})`,
  );
}

const host = flags.server_host.includes(":") ? `[${flags.server_host}]` : flags.server_host;
const clients = connectH2rpcInteropClients(`${host}:${flags.server_port}`);
const results = await runInteropCases(h2rpcInteropCases(clients), names, {
  timeoutMs: defaultCaseTimeoutMs,
  onResult: (result) => console.log(formatResult(result)),
});
console.log(formatSummary(results));
clients.channel.close();
process.exitCode = results.every((r) => r.passed) ? 0 : 1;
