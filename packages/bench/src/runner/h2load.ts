import { spawn, spawnSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { trackChild } from "./children.js";
import { pinnedCommand } from "./pinning.js";

/** Whether h2load can run, and what was done to get it. */
export interface H2loadAvailability {
  available: boolean;
  note: string;
}

function hasH2load(): boolean {
  return spawnSync("h2load", ["--version"], { stdio: "ignore" }).status === 0;
}

/**
 * Finds h2load, or installs Debian's `nghttp2-client` with apt-get (as root, or through
 * passwordless sudo) when it is missing. Each apt-get step is bounded to 5 minutes.
 */
export function ensureH2load(log: (line: string) => void): H2loadAvailability {
  if (hasH2load()) return { available: true, note: "h2load found on PATH" };
  const root = process.getuid?.() === 0;
  const sudo = !root && spawnSync("sudo", ["-n", "true"], { stdio: "ignore" }).status === 0;
  if (!root && !sudo) {
    return {
      available: false,
      note: "h2load skipped: it is not installed and apt-get needs root (run `sudo apt-get install -y nghttp2-client`)",
    };
  }
  const apt = (args: string[]) => {
    const [command, rest] = sudo ? ["sudo", ["-n", "apt-get", ...args]] : ["apt-get", args];
    log(`h2load missing: ${command} ${rest.join(" ")}`);
    return spawnSync(command, rest, {
      stdio: ["ignore", "ignore", "inherit"],
      timeout: 300_000,
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
  };
  if (apt(["update"]).status !== 0 || apt(["install", "-y", "nghttp2-client"]).status !== 0 || !hasH2load()) {
    return { available: false, note: "h2load skipped: installing nghttp2-client with apt-get failed" };
  }
  return { available: true, note: "h2load installed with apt-get (nghttp2-client)" };
}

/** One h2load invocation. */
export interface H2loadRun {
  port: number;
  path: string;
  /** File holding the request body (a pre-framed gRPC message). */
  bodyFile: string;
  connections: number;
  streamsPerConnection: number;
  /** Requests in total: the count limit. */
  requests: number;
  /** Kill h2load after this long: the time limit, ms. */
  timeLimitMs: number;
  /** Per-request log to write (for latency percentiles), or none. */
  logFile?: string;
  cpu: number | undefined;
}

/** What h2load printed. */
export interface H2loadOutput {
  succeeded: number;
  failed: number;
  elapsedMs: number;
}

/** Runs h2load against a gRPC method on 127.0.0.1 and parses its summary. @throws Error when it fails or times out. */
export function runH2load(run: H2loadRun): Promise<H2loadOutput> {
  const args = [
    "-n",
    String(run.requests),
    "-c",
    String(run.connections),
    "-m",
    String(run.streamsPerConnection),
    "-t",
    "1",
    "-d",
    run.bodyFile,
    "-H",
    "content-type: application/grpc",
    "-H",
    "te: trailers",
    ...(run.logFile === undefined ? [] : ["--log-file", run.logFile]),
    `http://127.0.0.1:${run.port}${run.path}`,
  ];
  const [command, rest] = pinnedCommand(run.cpu, "h2load", args);
  return new Promise((resolve, reject) => {
    const child = spawn(command, rest, { stdio: ["ignore", "pipe", "pipe"] });
    trackChild(child);
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(child.pid, "SIGKILL");
    }, run.timeLimitMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`h2load ended with ${signal ?? code}: ${out.trim().slice(-500)}`));
      try {
        resolve(parseH2loadOutput(out));
      } catch (error) {
        reject(error);
      }
    });
  });
}

/** Parses h2load's summary (`finished in …`, `requests: … succeeded, … failed`). @throws Error when absent. */
export function parseH2loadOutput(out: string): H2loadOutput {
  const finished = /finished in ([\d.]+)(us|ms|s),/.exec(out);
  const requests = /requests: \d+ total, \d+ started, \d+ done, (\d+) succeeded, (\d+) failed/.exec(out);
  if (finished === null || requests === null) throw new Error(`unexpected h2load output: ${out.slice(0, 500)}`);
  const scale = { us: 0.001, ms: 1, s: 1000 }[finished[2] as "us" | "ms" | "s"];
  return { elapsedMs: Number(finished[1]) * scale, succeeded: Number(requests[1]), failed: Number(requests[2]) };
}

/** Response times of a `--log-file` (third column, µs), in ms. */
export async function readH2loadLatencies(logFile: string): Promise<Float64Array> {
  const lines = (await readFile(logFile, "utf8")).split("\n").filter((line) => line !== "");
  return Float64Array.from(lines, (line) => Number(line.split("\t")[2]) / 1000);
}
