import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Server } from "h2rpc";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type InteropCaseName, type InteropCases, interopCaseNames } from "./cases.js";
import { h2rpcInteropCases } from "./client/cases.js";
import { connectH2rpcInteropClients } from "./client/clients.js";
import { connectGrpcJsInteropClients, grpcJsClientCannotCheck, grpcJsInteropCases } from "./grpc-js/client-cases.js";
import { startGrpcJsServer } from "./grpc-js/peer.js";
import { grpcJsServerCannotHonour } from "./grpc-js/test-service.js";
import { runInteropCase } from "./run-cases.js";
import { createInteropServer } from "./server.js";

// Every interop case in every (client → server) pair, loopback only, each case bounded in time.

type Side = "h2rpc" | "grpc-js";
interface Pair {
  readonly client: Side;
  readonly server: Side;
  /** Cases that cannot pass in this pair, and why; they are not run as passing cases. */
  readonly notApplicable: Readonly<Partial<Record<InteropCaseName, string>>>;
  /** Cases run in this pair with some assertions left out, and why. */
  readonly weakened: Readonly<Partial<Record<InteropCaseName, string>>>;
}

/** How each not-applicable case fails today (checked, so an exclusion cannot hide another failure). */
const expectedFailure: Readonly<Partial<Record<InteropCaseName, RegExp>>> = {
  client_compressed_unary: /^probe \(uncompressed request, expect_compressed=true\): the call succeeded/,
  client_compressed_streaming: /^probe \(uncompressed message, expect_compressed=true\): the call succeeded/,
  server_compressed_unary: /^response_compressed=true: the response did not have the compressed flag$/,
  server_compressed_streaming: /^response 1 \(compressed=true\) did not have the compressed flag$/,
};

const pairs: readonly Pair[] = [
  { client: "h2rpc", server: "h2rpc", notApplicable: {}, weakened: {} },
  { client: "grpc-js", server: "h2rpc", notApplicable: {}, weakened: grpcJsClientCannotCheck },
  { client: "h2rpc", server: "grpc-js", notApplicable: grpcJsServerCannotHonour, weakened: {} },
];

const pairName = (pair: Pair) => `${pair.client} client → ${pair.server} server`;
const caseTimeoutMs = 10_000;

/** Starts the server side of a pair on a loopback port. */
async function startServer(side: Side): Promise<{ port: number; close(): Promise<void> }> {
  if (side === "grpc-js") return startGrpcJsServer();
  const server: Server = createInteropServer();
  const port = await server.listen("127.0.0.1:0");
  return { port, close: () => server.close({ graceMs: 1000 }) };
}

/** Connects the client side of a pair; `close` releases its connections. */
function connectClient(side: Side, target: string): { cases: InteropCases; close(): void } {
  if (side === "grpc-js") {
    const clients = connectGrpcJsInteropClients(target);
    return { cases: grpcJsInteropCases(clients), close: () => clients.close() };
  }
  const clients = connectH2rpcInteropClients(target);
  return { cases: h2rpcInteropCases(clients), close: () => clients.channel.close() };
}

test("the matrix leaves out exactly the reviewed (pair, case) combinations", () => {
  const listed = (field: "notApplicable" | "weakened") =>
    pairs.flatMap((pair) => Object.keys(pair[field]).map((name) => `${pairName(pair)}: ${name}`));
  expect(listed("notApplicable")).toEqual([
    "h2rpc client → grpc-js server: client_compressed_unary",
    "h2rpc client → grpc-js server: client_compressed_streaming",
    "h2rpc client → grpc-js server: server_compressed_unary",
    "h2rpc client → grpc-js server: server_compressed_streaming",
  ]);
  expect(listed("weakened")).toEqual([
    "grpc-js client → h2rpc server: server_compressed_unary",
    "grpc-js client → h2rpc server: server_compressed_streaming",
  ]);
  for (const pair of pairs) {
    for (const name of Object.keys(pair.notApplicable)) expect(expectedFailure).toHaveProperty(name);
    for (const [name, reason] of Object.entries({ ...pair.notApplicable, ...pair.weakened })) {
      expect(interopCaseNames).toContain(name);
      expect(reason?.length).toBeGreaterThan(20);
    }
  }
});

for (const pair of pairs) {
  describe(pairName(pair), () => {
    let server: { port: number; close(): Promise<void> };
    let client: { cases: InteropCases; close(): void };
    beforeAll(async () => {
      server = await startServer(pair.server);
      client = connectClient(pair.client, `127.0.0.1:${server.port}`);
    });
    afterAll(async () => {
      client?.close();
      await server?.close();
    });

    const applicable = interopCaseNames.filter((name) => !(name in pair.notApplicable));
    for (const name of applicable) {
      const note = pair.weakened[name] === undefined ? "" : " (weakened: see grpcJsClientCannotCheck)";
      test(
        `${name}${note}`,
        async () => {
          const result = await runInteropCase(client.cases, name, caseTimeoutMs);
          expect(result.reason).toBeUndefined();
          expect(result.passed).toBe(true);
        },
        caseTimeoutMs + 5_000,
      );
    }

    const excluded = interopCaseNames.filter((name) => name in pair.notApplicable);
    if (excluded.length > 0) {
      // If one of these starts passing, the peer gained the feature: move it back into the matrix.
      test(
        `the not-applicable cases still fail: ${excluded.join(", ")}`,
        async () => {
          for (const name of excluded) {
            const result = await runInteropCase(client.cases, name, caseTimeoutMs);
            expect({ name, passed: result.passed }).toEqual({ name, passed: false });
            expect(result.reason).toMatch(expectedFailure[name]!);
          }
        },
        caseTimeoutMs * excluded.length,
      );
    }
  });
}

describe("the command-line programs", () => {
  const serverJs = fileURLToPath(new URL("../dist/bin/interop-server.js", import.meta.url));
  const clientJs = fileURLToPath(new URL("../dist/bin/interop-client.js", import.meta.url));
  let server: ChildProcess | undefined;

  afterAll(() => {
    if (server?.exitCode === null && server.signalCode === null) server.kill("SIGKILL");
  });

  /** Runs `node script args`, resolving with its exit code and output (killed after `timeoutMs`). */
  function run(script: string, args: string[], timeoutMs: number) {
    return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [script, ...args], { timeout: timeoutMs }, (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : null;
        resolve({ code, stdout, stderr });
      });
    });
  }

  test("interop-server --port 0 and interop-client --test_case all: every case passes", async () => {
    expect(existsSync(serverJs), `${serverJs} is missing: run \`npx turbo run build\` first`).toBe(true);
    const child = spawn(process.execPath, [serverJs, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    server = child;
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("interop-server printed no LISTENING line within 10 s")), 10_000);
      let out = "";
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const match = /^LISTENING (\d+)$/m.exec(out);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
      child.once("exit", (code) => reject(new Error(`interop-server exited (${code}) before listening`)));
    });
    expect(port).toBeGreaterThan(0);

    const client = await run(
      clientJs,
      ["--server_host", "127.0.0.1", "--server_port", String(port), "--test_case", "all"],
      30_000,
    );
    const lines = client.stdout.trim().split("\n");
    expect(lines.slice(0, -1)).toEqual(interopCaseNames.map((name) => `PASS ${name}`));
    expect(lines.at(-1)).toBe(`${interopCaseNames.length} passed, 0 failed`);
    expect(client.code).toBe(0);

    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    process.kill(child.pid!, "SIGTERM");
    const timeout = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 5_000).unref());
    expect(await Promise.race([exited, timeout])).toBe(0);
  }, 45_000);

  test("interop-client rejects an unknown flag with its usage, exit code 2", async () => {
    const result = await run(clientJs, ["--server_port", "1", "--bogus", "x"], 10_000);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown flag --bogus");
    expect(result.stderr).toContain("usage: interop-client");
  }, 15_000);

  test("interop-client: a failing case prints FAIL, the summary counts it, exit code 1", async () => {
    // Nothing listens on the port the client is given (a port just freed), so the call fails.
    const probe = createInteropServer();
    const port = await probe.listen("127.0.0.1:0");
    await probe.close();
    const result = await run(
      clientJs,
      ["--server_host=127.0.0.1", `--server_port=${port}`, "--test_case=empty_unary"],
      20_000,
    );
    const lines = result.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^FAIL empty_unary: /);
    expect(lines.at(-1)).toBe("0 passed, 1 failed");
    expect(result.code).toBe(1);
  }, 25_000);
});
