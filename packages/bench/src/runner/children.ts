import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { ImplName } from "../impls.js";
import { type FromClient, type FromServer, Inbox, type ToClient, type ToServer } from "../ipc.js";
import { pinnedCommand } from "./pinning.js";

/** A child process of the runner, spoken to over IPC. */
export interface Child<In, Out extends { type: string }> {
  readonly impl: ImplName;
  readonly label: string;
  readonly pid: number;
  send(message: In): void;
  /** The child's next message of a type (see {@link Inbox.next}). */
  readonly inbox: Inbox<Out>;
}

/** A benchmark server child, listening on `port`. */
export type ServerChild = Child<ToServer, FromServer> & { readonly port: number };
/** A load-generator child. */
export type ClientChild = Child<ToClient, FromClient>;

const live = new Map<number, ChildProcess>();

/** Starts the server child of `impl` (pinned to `cpu` when given) and waits until it listens. */
export async function startServerChild(impl: ImplName, cpu: number | undefined): Promise<ServerChild> {
  const child = startChild<ToServer, FromServer>(
    new URL("../server/server-child.js", import.meta.url),
    impl,
    cpu,
    `${impl} server`,
  );
  const ready = await child.inbox.next("ready", 30_000);
  return { ...child, port: ready.port };
}

/** Starts the load-generator child of `impl` (pinned to `cpu` when given) and waits until it is up. */
export async function startClientChild(impl: ImplName, cpu: number | undefined): Promise<ClientChild> {
  const child = startChild<ToClient, FromClient>(
    new URL("../client/client-child.js", import.meta.url),
    impl,
    cpu,
    `${impl} client`,
  );
  await child.inbox.next("ready", 30_000);
  return child;
}

function startChild<In, Out extends { type: string }>(
  script: URL,
  impl: ImplName,
  cpu: number | undefined,
  label: string,
): Child<In, Out> {
  const [command, args] = pinnedCommand(cpu, process.execPath, ["--expose-gc", fileURLToPath(script), impl]);
  const child = spawn(command, args, { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  if (child.pid === undefined) throw new Error(`could not start the ${label}`);
  const pid = child.pid;
  trackChild(child);
  const inbox = new Inbox<Out>(child, label);
  return { impl, label, pid, inbox, send: (message) => void child.send(message as object) };
}

/** Registers a child process so that {@link endChildren} and {@link killChildrenNow} end it. */
export function trackChild(child: ChildProcess): void {
  const pid = child.pid;
  if (pid === undefined) return;
  live.set(pid, child);
  child.on("exit", () => live.delete(pid));
}

/**
 * Ends every child still running, by PID: SIGTERM, then SIGKILL for any still there after
 * `graceMs`. (taskset execs node in place, so the PID is the node process's.)
 */
export async function endChildren(graceMs = 2000): Promise<void> {
  const children = [...live.entries()];
  await Promise.all(
    children.map(
      ([pid, child]) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const timer = setTimeout(() => {
            killPid(pid, "SIGKILL");
            resolve();
          }, graceMs);
          child.once("exit", () => {
            clearTimeout(timer);
            resolve();
          });
          killPid(pid, "SIGTERM");
        }),
    ),
  );
}

/** Ends every child at once with SIGKILL, by PID (for the process's `exit` event, which cannot wait). */
export function killChildrenNow(): void {
  for (const pid of live.keys()) killPid(pid, "SIGKILL");
}

function killPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}
