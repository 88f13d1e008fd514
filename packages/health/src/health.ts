import { Code, RpcError, type Server, type ServerCallContext } from "h2rpc";
import { type HealthServer, HealthService } from "./gen/grpc/health/v1/health.h2rpc.js";
import { type HealthCheckRequest, HealthCheckResponse_ServingStatus as Wire } from "./gen/grpc/health/v1/health.js";

/**
 * A status a service can be given. (`SERVICE_UNKNOWN` is never set: it is what Watch reports for a
 * service that has no status.)
 */
export type HealthStatus = "SERVING" | "NOT_SERVING" | "UNKNOWN";

/** Options of {@link createHealth}. */
export interface HealthOptions {
  /**
   * Statuses to start with, by fully-qualified service name (`""` is the server as a whole).
   * The overall status `""` is `SERVING` unless given here.
   */
  statuses?: Readonly<Record<string, HealthStatus>>;
}

/** The part of an h2rpc {@link Server} that {@link Health.attach} uses. */
export type AttachableServer = Pick<Server, "add" | "onShutdown" | "services">;

/**
 * The health of a server's services, served as `grpc.health.v1.Health` (Check and Watch). Service
 * names are fully qualified (`helloworld.Greeter`); the empty name `""` is the server as a whole,
 * what Kubernetes gRPC probes and `grpc_health_probe` ask for by default.
 */
export interface Health {
  /** The `grpc.health.v1.Health` definition: `server.add(health.service, health.implementation)`. */
  readonly service: typeof HealthService;
  /** Check and Watch handlers answering from this object's statuses. */
  readonly implementation: HealthServer;
  /**
   * Sets the status of `service` (`""`: the whole server); Watch calls on it get the new status if it
   * differs. Ignored after {@link Health.shutdown}, so a late update cannot undo a shutdown.
   * @throws TypeError when `status` is not one of {@link HealthStatus}.
   */
  setStatus(service: string, status: HealthStatus): void;
  /** The status of `service`, or undefined when it has none (Check answers NOT_FOUND). */
  getStatus(service: string): HealthStatus | undefined;
  /**
   * Forgets the status of `service`, or of every service (`""` included) when called without one:
   * Check then answers NOT_FOUND and Watch streams SERVICE_UNKNOWN. Ignored after {@link Health.shutdown}.
   */
  clear(service?: string): void;
  /**
   * Sets every service, and `""`, to NOT_SERVING for good: Watch calls receive it and then end (OK),
   * so they do not hold a graceful server shutdown open; later Watch calls send the status and end.
   * Calling it again does nothing.
   */
  shutdown(): void;
  /** True once {@link Health.shutdown} ran. */
  readonly isShutdown: boolean;
  /**
   * Adds the Health service to `server` (unless it already has `grpc.health.v1.Health`) and calls
   * {@link Health.shutdown} when the server's shutdown starts, before it stops taking calls.
   * Returns a function that stops the latter.
   */
  attach(server: AttachableServer): () => void;
  /** Number of Watch calls open now. */
  readonly watcherCount: number;
}

/**
 * Creates the health state of a server. Attach it and set statuses as services become ready:
 *
 * ```ts
 * const health = createHealth();
 * health.attach(server);                               // serves Check/Watch; NOT_SERVING on shutdown
 * health.setStatus("helloworld.Greeter", "SERVING");
 * ```
 */
export function createHealth(options: HealthOptions = {}): Health {
  return new HealthImpl(options);
}

const toWire: Readonly<Record<HealthStatus, Wire>> = {
  SERVING: Wire.SERVING,
  NOT_SERVING: Wire.NOT_SERVING,
  UNKNOWN: Wire.UNKNOWN,
};

/** One Watch call: the latest status to send, whatever it missed while it could not send (bounded memory). */
interface Watcher {
  latest: Wire;
  ended: boolean;
  wake: (() => void) | undefined;
}

class HealthImpl implements Health {
  readonly service = HealthService;
  readonly implementation: HealthServer;
  readonly #statuses = new Map<string, HealthStatus>();
  readonly #watchers = new Map<string, Set<Watcher>>();
  #shutdown = false;

  constructor(options: HealthOptions) {
    this.#statuses.set("", "SERVING");
    for (const [service, status] of Object.entries(options.statuses ?? {})) this.setStatus(service, status);
    this.implementation = {
      check: (request) => this.#check(request),
      watch: (request, context) => this.#watch(request, context),
    };
  }

  get isShutdown(): boolean {
    return this.#shutdown;
  }

  get watcherCount(): number {
    let count = 0;
    for (const watchers of this.#watchers.values()) count += watchers.size;
    return count;
  }

  setStatus(service: string, status: HealthStatus): void {
    checkServiceName(service);
    if (!Object.hasOwn(toWire, status)) {
      throw new TypeError(`Health status must be SERVING, NOT_SERVING or UNKNOWN, got ${String(status)}`);
    }
    if (this.#shutdown) return;
    this.#update(service, status);
  }

  getStatus(service: string): HealthStatus | undefined {
    return this.#statuses.get(service);
  }

  clear(service?: string): void {
    if (service !== undefined) checkServiceName(service);
    if (this.#shutdown) return;
    for (const name of service === undefined ? [...this.#statuses.keys()] : [service]) this.#update(name, undefined);
  }

  shutdown(): void {
    if (this.#shutdown) return;
    this.#shutdown = true;
    for (const service of new Set(["", ...this.#statuses.keys()])) this.#update(service, "NOT_SERVING");
    for (const watchers of this.#watchers.values()) {
      for (const watcher of watchers) {
        watcher.ended = true;
        watcher.wake?.();
      }
    }
  }

  attach(server: AttachableServer): () => void {
    if (!server.services.includes(HealthService.fullName)) server.add(HealthService, this.implementation);
    return server.onShutdown(() => this.shutdown());
  }

  #update(service: string, status: HealthStatus | undefined): void {
    if (this.#statuses.get(service) === status) return;
    if (status === undefined) this.#statuses.delete(service);
    else this.#statuses.set(service, status);
    const wire = status === undefined ? Wire.SERVICE_UNKNOWN : toWire[status];
    for (const watcher of this.#watchers.get(service) ?? []) {
      watcher.latest = wire; // replaces what a slow watcher has not sent yet
      watcher.wake?.();
    }
  }

  #current(service: string): Wire {
    const status = this.#statuses.get(service);
    return status === undefined ? Wire.SERVICE_UNKNOWN : toWire[status];
  }

  #check(request: HealthCheckRequest) {
    const status = this.#statuses.get(request.service);
    if (status === undefined) throw new RpcError(Code.NOT_FOUND, `unknown service ${JSON.stringify(request.service)}`);
    return { status: toWire[status] };
  }

  async *#watch(request: HealthCheckRequest, context: ServerCallContext) {
    const service = request.service;
    const watcher: Watcher = { latest: this.#current(service), ended: this.#shutdown, wake: undefined };
    const watchers = this.#watchers.get(service) ?? new Set<Watcher>();
    this.#watchers.set(service, watchers);
    watchers.add(watcher);
    const onAbort = () => watcher.wake?.();
    context.signal.addEventListener("abort", onAbort);
    try {
      let sent: Wire | undefined;
      while (!context.signal.aborted) {
        if (watcher.latest !== sent) {
          sent = watcher.latest;
          yield { status: sent }; // resumes once the message is written (or the call ended)
        } else if (watcher.ended) {
          return;
        } else {
          await new Promise<void>((resolve) => {
            watcher.wake = resolve;
          });
          watcher.wake = undefined;
        }
      }
    } finally {
      context.signal.removeEventListener("abort", onAbort);
      watchers.delete(watcher);
      if (watchers.size === 0 && this.#watchers.get(service) === watchers) this.#watchers.delete(service);
    }
  }
}

function checkServiceName(service: string): void {
  if (typeof service !== "string") throw new TypeError(`Health service name must be a string, got ${typeof service}`);
}
