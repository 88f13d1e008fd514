/**
 * Runs the soak (from dist: `npm run build` first) for 30 s, as CI can afford, and requires a clean exit.
 * Early-ending calls are not capped: cancellations far above node 20's reset limit (33/s per connection)
 * must not cost a call, which the client's reset budget ensures (see reset-limit.test.ts).
 * `npm run soak -- --seconds 600` runs it longer.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

const soakScript = fileURLToPath(new URL("../dist/soak.js", import.meta.url));

test("a 30 s soak: every call accounted for, heap and handles back to baseline", { timeout: 120_000 }, async () => {
  const child = spawn(process.execPath, ["--expose-gc", soakScript, "--seconds", "30"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const killer = setTimeout(() => child.kill("SIGKILL"), 110_000);
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  clearTimeout(killer);
  console.log(output);
  expect(output).toContain("| verdict | PASS |");
  expect(code).toBe(0);
});
