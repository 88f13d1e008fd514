// Runs the one-command launcher (`npm start` = `node dist/start.js`, so build first) as a child process.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterEach, expect, test } from "vitest";

const startJs = fileURLToPath(new URL("../dist/start.js", import.meta.url));

let launcher: ChildProcess | undefined;
afterEach(() => {
  if (launcher?.exitCode === null && launcher.signalCode === null) launcher.kill("SIGKILL");
});

/** Starts the launcher; `output` collects its stdout and stderr, `exited` resolves with its exit code. */
function startLauncher() {
  expect(existsSync(startJs), `${startJs} is missing: run \`npx turbo run build\` first`).toBe(true);
  const child = spawn(process.execPath, [startJs], { stdio: ["ignore", "pipe", "pipe"] });
  launcher = child;
  const run = { child, output: "" };
  child.stdout.on("data", (chunk: Buffer) => {
    run.output += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    run.output += chunk.toString();
  });
  const killer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => {
      clearTimeout(killer);
      resolve(code);
    }),
  );
  return { run, exited };
}

/** The PIDs of the service processes the launcher reported. */
function childPids(output: string): number[] {
  return [...output.matchAll(/^\[launcher\] \w+ \(pid (\d+)\) SERVING/gm)].map((m) => Number(m[1]));
}

/** Whether a process with this PID exists. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test("npm start: starts the three services, takes the tour, stops everything, exits 0", {
  timeout: 40_000,
}, async () => {
  const { run, exited } = startLauncher();
  const code = await exited;
  const { output } = run;
  if (code !== 0) console.log(output);
  expect(code).toBe(0);

  for (const name of ["catalog", "pricing", "gateway"]) {
    expect(output).toMatch(
      new RegExp(
        `^\\[launcher\\] ${name} \\(pid \\d+\\) SERVING on 127\\.0\\.0\\.1:\\d+, metrics on :\\d+/metrics$`,
        "m",
      ),
    );
    expect(output).toMatch(
      new RegExp(`^\\[launcher\\] ${name} \\(pid \\d+\\): health NOT_SERVING, exited with code 0$`, "m"),
    );
  }
  expect(output).toMatch(/^GetProductPage TEA-001: Sencha Fukamushi \(tea\) at \d+\.\d\d EUR$/m);
  expect(output).toContain('GetProductPage NOPE-404: NOT_FOUND: no product with SKU "NOPE-404"');
  expect(output).toMatch(/^ {2}WARE-002 Tea bowl: \d+\.\d\d EUR$/m);
  // The client's cancellation, and its deadline, as the services two hops away saw them.
  expect(output).toMatch(/^\[pricing\] WatchPrices ended early: CANCELLED after \d+ ms$/m);
  expect(output).toMatch(/^GetProductPage AUC-001 with a 300 ms deadline: DEADLINE_EXCEEDED /m);
  expect(output).toMatch(/^\[pricing\] GetPrice ended early: (DEADLINE_EXCEEDED|CANCELLED) after \d+ ms$/m);
  expect(output).toMatch(/^GetProductPage AUC-001 with a 5000 ms deadline: Da Hong Pao, 1998 harvest at 980\.00 EUR/m);
  // From each service's /metrics.
  expect(output).toMatch(/^\[launcher\] pricing grpc_server_handled_total: .*WatchPrices Canceled 1/m);
  expect(output).toMatch(/^\[launcher\] gateway grpc_server_handled_total: .*GetProductPage DeadlineExceeded 1/m);
  expect(output).toMatch(/\[launcher\] done: every service stopped\n$/);

  const pids = childPids(output);
  expect(pids).toHaveLength(3);
  expect(pids.filter(alive)).toEqual([]);
});

test("SIGINT to the launcher stops every service process and exits 130", { timeout: 40_000 }, async () => {
  const { run, exited } = startLauncher();
  await new Promise<void>((resolve, reject) => {
    const check = () => {
      if (childPids(run.output).length === 3) resolve();
    };
    run.child.stdout!.on("data", check);
    void exited.then(() => reject(new Error(`the launcher exited before its services were up:\n${run.output}`)));
  });
  const pids = childPids(run.output);
  expect(pids.filter(alive)).toHaveLength(3);

  run.child.kill("SIGINT");
  const code = await exited;
  if (code !== 130) console.log(run.output);
  expect(code).toBe(130);
  expect(run.output).toContain("[launcher] SIGINT: stopping every service");
  expect(pids.filter(alive)).toEqual([]);
});
