import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { FromServer, ToServer } from "./ipc.js";

const script = fileURLToPath(new URL("./server-main.js", import.meta.url));

/** The soak server in its own process, driven over IPC; every wait is bounded. */
export class SoakServerProcess {
  readonly port: number;
  readonly #child: ChildProcess;
  readonly #exited: Promise<number | null>;

  private constructor(child: ChildProcess, port: number, exited: Promise<number | null>) {
    this.#child = child;
    this.port = port;
    this.#exited = exited;
  }

  /** Forks the server with `--expose-gc` and waits (10 s at most) until it listens. */
  static async start(): Promise<SoakServerProcess> {
    const child = fork(script, [], { execArgv: ["--expose-gc"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const first = await nextMessage(child, "listening", 10_000);
    return new SoakServerProcess(child, first.port, exited);
  }

  /** Asks for a snapshot (heap after GC, handles, handler counters). */
  snapshot(): Promise<Extract<FromServer, { type: "snapshot" }>> {
    return this.#request({ type: "snapshot" }, "snapshot");
  }

  /** Graceful shutdown; resolves with how long it took and the exit code (killed after 10 s). */
  async stop(): Promise<{ shutdownMs: number; exitCode: number | null }> {
    const stopped = await this.#request({ type: "stop" }, "stopped");
    const exitCode = await Promise.race([this.#exited, timeout(10_000).then(() => "timeout" as const)]);
    if (exitCode === "timeout") {
      this.#child.kill("SIGKILL");
      return { shutdownMs: stopped.shutdownMs, exitCode: null };
    }
    return { shutdownMs: stopped.shutdownMs, exitCode };
  }

  /** Kills the process if it still runs. */
  kill(): void {
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill("SIGKILL");
  }

  #request<T extends FromServer["type"]>(message: ToServer, reply: T): Promise<Extract<FromServer, { type: T }>> {
    const answer = nextMessage(this.#child, reply, 10_000);
    this.#child.send(message);
    return answer;
  }
}

function nextMessage<T extends FromServer["type"]>(
  child: ChildProcess,
  type: T,
  timeoutMs: number,
): Promise<Extract<FromServer, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`soak server: no "${type}" within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (message: FromServer) => {
      if (message.type === type) finish(undefined, message as Extract<FromServer, { type: T }>);
    };
    const onExit = (code: number | null) => finish(new Error(`soak server exited (${code}) before "${type}"`));
    child.on("message", onMessage);
    child.once("exit", onExit);
    function finish(error: Error | undefined, message?: Extract<FromServer, { type: T }>) {
      clearTimeout(timer);
      child.off("message", onMessage);
      child.off("exit", onExit);
      if (error !== undefined) reject(error);
      else resolve(message as Extract<FromServer, { type: T }>);
    }
  });
}

function timeout(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
