import { type AsyncHook, createHook } from "node:async_hooks";
import { describeResource, isClosed, isHarmless } from "./resource-state.js";

/** A resource created while tracking and still open: what it is and, with stacks on, where it was made. */
export interface OpenResource {
  /** The async_hooks type, e.g. `TCPWRAP`, `Timeout`. */
  readonly type: string;
  /** What it is, in words, e.g. `a TCP socket 127.0.0.1:50312 → 127.0.0.1:43117`. */
  readonly description: string;
  /** A short stack of where it was created, when stacks are tracked. */
  readonly createdAt: string | undefined;
}

/**
 * The async_hooks types that hold a connection or keep the process alive. Requests (connect,
 * write, DNS), promises and immediates come and go on their own and are not followed.
 */
const trackedTypes = new Set([
  "TCPWRAP",
  "TCPSERVERWRAP",
  "PIPEWRAP",
  "PIPESERVERWRAP",
  "TLSWRAP",
  "JSSTREAM",
  "HTTP2SESSION",
  "UDPWRAP",
  "PROCESSWRAP",
  "Timeout",
]);

interface Entry {
  type: string;
  /** Weak, so tracking does not keep a closed session or socket from being collected. */
  resource: WeakRef<object>;
  createdAt: string | undefined;
}

/**
 * Follows, with an async_hooks hook, every connection-like resource and timer created from
 * construction until {@link ResourceTracker.stop}, and tells which are still open.
 */
export class ResourceTracker {
  readonly #entries = new Map<number, Entry>();
  readonly #ignored = new WeakSet<object>();
  readonly #hook: AsyncHook;
  #stopped = false;

  constructor(trackStacks: boolean) {
    // node opens stdout and stderr (a pipe or TTY handle) on first use, for good: not the test's doing
    void process.stdout;
    void process.stderr;
    this.#hook = createHook({
      init: (asyncId, type, _triggerAsyncId, resource) => {
        if (this.#stopped || !trackedTypes.has(type)) return;
        const createdAt = trackStacks ? captureStack() : undefined;
        this.#entries.set(asyncId, { type, resource: new WeakRef(resource), createdAt });
      },
      destroy: (asyncId) => {
        this.#entries.delete(asyncId);
      },
    });
    this.#hook.enable();
  }

  /** Leaves `resource` (a timer of the checker's own) out of {@link open}. */
  ignore(resource: object): void {
    this.#ignored.add(resource);
  }

  /**
   * Resources created since tracking started that are still open, oldest first; unref'ed timers
   * (which neither hold anything nor keep the process alive) are left out.
   */
  open(): OpenResource[] {
    const out: OpenResource[] = [];
    for (const [asyncId, { type, resource: ref, createdAt }] of this.#entries) {
      const resource = ref.deref();
      // collected, or closed before its destroy hook (which may only come with garbage collection)
      if (resource === undefined || isClosed(type, resource)) {
        this.#entries.delete(asyncId);
        continue;
      }
      if (this.#ignored.has(resource) || isHarmless(type, resource)) continue;
      out.push({ type, description: describeResource(type, resource), createdAt });
    }
    return out;
  }

  /** Stops tracking for good. */
  stop(): void {
    this.#stopped = true;
    this.#hook.disable();
    this.#entries.clear();
  }
}

/** Frames that say nothing about the user's code. */
const noise = /\(node:|at node:|[\\/]node_modules[\\/](vitest|@vitest|tinypool)[\\/]|resource-tracker\.[jt]s/;

/** The first few frames of the current stack outside node's internals and this tracker. */
function captureStack(): string {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 40;
  const stack = new Error().stack ?? "";
  Error.stackTraceLimit = limit;
  const frames = stack
    .split("\n")
    .slice(1)
    .filter((line) => !noise.test(line))
    .slice(0, 8)
    .map((line) => line.trim());
  return frames.length === 0 ? "(no frame outside node internals)" : frames.join("\n");
}
