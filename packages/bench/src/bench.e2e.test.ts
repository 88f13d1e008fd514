import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { IMPL_LABELS } from "./impls.js";
import { SCENARIOS } from "./scenarios.js";

const bench = fileURLToPath(new URL("../dist/bin/bench.js", import.meta.url));
// the quick run takes 13–26 s on a quiet 2-core machine; CI machines are shared and loaded
const TIME_LIMIT_MS = 90_000;

/** Runs the built benchmark with `args`; kills it (by PID) past the time limit. */
function runBench(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bench, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => child.pid !== undefined && process.kill(child.pid, "SIGINT"), TIME_LIMIT_MS);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe("the benchmark, end to end in its quickest mode", () => {
  it(
    "runs every scenario against the three implementations and prints the report",
    async () => {
      expect(existsSync(bench), `${bench} is missing: run "npm run build" first`).toBe(true);
      const { code, stdout, stderr } = await runBench(["--quick", "--rounds", "1"]);
      expect(code, stderr).toBe(0);
      expect(stdout).toContain("## Client and server of each implementation");
      for (const scenario of SCENARIOS) expect(stdout).toContain(scenario.title);
      for (const label of Object.values(IMPL_LABELS)) expect(stdout).toContain(`| ${label} |`);
      expect(stdout).toContain("## Client cost: each client against the same (bare node:http2) server");
      expect(stdout).toContain("## Memory");
      expect(stdout).toContain("Not run: not requested (add --h2load)");
      expect(stdout, "some calls failed").not.toContain("## Failures");
      expect(stdout).not.toMatch(/\| – \(/); // every figure was measured
    },
    TIME_LIMIT_MS + 5_000,
  );

  it("rejects an unknown option with usage", async () => {
    const { code, stderr } = await runBench(["--no-such-option"]);
    expect(code).toBe(2);
    expect(stderr).toContain("Usage: npm run bench");
  });
});
