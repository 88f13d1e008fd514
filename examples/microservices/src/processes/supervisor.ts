import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { isListeningMessage } from "./listening-message.js";
import { prefixLines } from "./prefix-lines.js";

/** A service running in a child process that has reported its ports. */
export interface ChildService {
  /** `catalog`, `pricing` or `gateway`. */
  readonly name: string;
  /** The child's process id. */
  readonly pid: number;
  /** Its gRPC port. */
  readonly port: number;
  /** `127.0.0.1:<port>`, for clients. */
  readonly target: string;
  /** Its `/metrics` port. */
  readonly metricsPort: number;
}

/** How a child ended: its exit code, or the signal that ended it. */
export interface ChildExit {
  /** The exit code, or null when a signal ended it. */
  readonly code: number | null;
  /** The signal that ended it, or null when it exited. */
  readonly signal: NodeJS.Signals | null;
}

const serviceMain = fileURLToPath(new URL("./service-main.js", import.meta.url));

/**
 * Starts services in child processes (`service-main.js`, with an IPC channel for their ports), prefixes
 * their output with their names, and stops them: SIGTERM to each child's PID, SIGKILL if it is still there
 * after `killAfterMs`. Every child it started is tracked from the moment it is forked, so {@link stopAll}
 * on a signal leaves none behind.
 */
export class Supervisor {
  readonly #children = new Map<number, ChildProcess>();
  readonly #exits = new Map<number, Promise<ChildExit>>();
  readonly #stopping = new Map<number, Promise<ChildExit>>();

  readonly #log: (line: string) => void;
  readonly #killAfterMs: number;
  readonly #startTimeoutMs: number;

  /** `log` gets the children's output lines (prefixed) and the supervisor's own. */
  constructor(log: (line: string) => void, options: { killAfterMs?: number; startTimeoutMs?: number } = {}) {
    this.#log = log;
    this.#killAfterMs = options.killAfterMs ?? 5000;
    this.#startTimeoutMs = options.startTimeoutMs ?? 15_000;
  }

  /** Forks the service `name` with `env` added to this process' environment; resolves once it listens. */
  spawn(name: string, env: Readonly<Record<string, string>> = {}): Promise<ChildService> {
    const child = fork(serviceMain, [name], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    if (child.pid === undefined) return Promise.reject(new Error(`could not start ${name}`));
    const pid = child.pid;
    this.#children.set(pid, child);
    const exit = new Promise<ChildExit>((resolve) =>
      child.once("exit", (code, signal) => {
        this.#children.delete(pid);
        if (!this.#stopping.has(pid))
          this.#log(`[launcher] ${name} (pid ${pid}) exited on its own: ${signal ?? `code ${code}`}`);
        resolve({ code, signal });
      }),
    );
    this.#exits.set(pid, exit);
    prefixLines(child.stdout!, name, (line) => this.#log(line));
    prefixLines(child.stderr!, name, (line) => this.#log(line));

    return new Promise<ChildService>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${name} did not listen within ${this.#startTimeoutMs} ms`)),
        this.#startTimeoutMs,
      );
      child.on("message", (message) => {
        if (!isListeningMessage(message)) return;
        clearTimeout(timer);
        resolve({
          name,
          pid,
          port: message.port,
          target: `127.0.0.1:${message.port}`,
          metricsPort: message.metricsPort,
        });
      });
      void exit.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`${name} exited (${signal ?? `code ${code}`}) before listening`));
      });
    });
  }

  /** Stops the child with process id `pid` (SIGTERM, then SIGKILL); resolves with how it ended. Idempotent. */
  stop(pid: number): Promise<ChildExit> {
    const exit = this.#exits.get(pid);
    if (exit === undefined) return Promise.reject(new Error(`no child with pid ${pid}`));
    let stopping = this.#stopping.get(pid);
    if (stopping === undefined) {
      stopping = this.#terminate(pid, exit);
      this.#stopping.set(pid, stopping);
    }
    return stopping;
  }

  async #terminate(pid: number, exit: Promise<ChildExit>): Promise<ChildExit> {
    const child = this.#children.get(pid);
    if (child === undefined) return exit; // already gone
    const killer = setTimeout(() => {
      this.#log(`[launcher] pid ${pid} still running after ${this.#killAfterMs} ms: SIGKILL`);
      child.kill("SIGKILL");
    }, this.#killAfterMs);
    child.kill("SIGTERM");
    try {
      return await exit;
    } finally {
      clearTimeout(killer);
    }
  }

  /** Stops every child still running, all at once. */
  async stopAll(): Promise<void> {
    await Promise.all([...this.#children.keys()].map((pid) => this.stop(pid)));
  }

  /** How many children are running. */
  get running(): number {
    return this.#children.size;
  }
}
