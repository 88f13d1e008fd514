import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGreeterServer, type TestServer } from "../test-support/servers.js";

/** The `h2rpc` bin of @h2rpc/codegen, which loads these commands from this package's dist/. */
const BIN = join(dirname(createRequire(import.meta.url).resolve("@h2rpc/codegen")), "../bin/h2rpc.js");

/** Runs the real bin (asynchronously: the server runs in this process), `stdin` piped in. */
function runBin(args: string[], stdin = ""): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: "pipe" });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

let server: TestServer;
beforeAll(async () => {
  server = await startGreeterServer();
});
afterAll(() => server.close());

// each test starts node processes that load the CLI: seconds on a loaded 2-core CI machine, too close
// to vitest's default 5 s timeout
describe("the h2rpc bin", { timeout: 20_000 }, () => {
  it("lists, describes and calls, then exits", async () => {
    const [list, describe_, call] = await Promise.all([
      runBin(["list", server.target]),
      runBin(["describe", server.target, "helloworld.HelloReply"]),
      runBin(["call", server.target, "helloworld.Greeter/SayHello", '{"name":"bin"}']),
    ]);
    expect(list).toMatchObject({ code: 0, stderr: "" });
    expect(list.stdout).toContain("helloworld.Greeter\n");
    expect(describe_.stdout).toBe(
      "helloworld.HelloReply is a message:\nmessage HelloReply {\n  string message = 1;\n}\n",
    );
    expect(call).toEqual({ code: 0, stdout: '{"message":"Hello, bin!"}\n', stderr: "" });
  });

  it("streams JSON lines from stdin with -d @", async () => {
    const run = await runBin(
      ["call", server.target, "helloworld.Greeter/Chat", "-d", "@"],
      '{"name":"1"}\n{"name":"2"}\n',
    );
    expect(run).toEqual({ code: 0, stdout: '{"message":"Hi 1"}\n{"message":"Hi 2"}\n', stderr: "" });
  });

  it("exits 1 on an RPC error and 2 on a usage error", async () => {
    const [failed, usage] = await Promise.all([
      runBin(["call", server.target, "helloworld.Greeter/SayHello", '{"name":"fail"}']),
      runBin(["call", server.target]),
    ]);
    expect(failed).toEqual({ code: 1, stdout: "", stderr: "ERROR: INVALID_ARGUMENT: name must not be fail\n" });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("h2rpc call: expected HOST:PORT and a method");
  });

  it("shows the commands in h2rpc --help and their help with h2rpc help <command>", async () => {
    const [help, callHelp] = await Promise.all([runBin(["--help"]), runBin(["help", "call"])]);
    expect(help.stdout).toMatch(/\n {2}list +list the services/);
    expect(callHelp.stdout).toContain("Usage: h2rpc call HOST:PORT pkg.Service/Method [JSON] [options]");
  });
});
