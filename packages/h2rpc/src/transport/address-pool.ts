import { Code } from "../core/code.js";
import { RpcError } from "../core/rpc-error.js";
import { Backoff, type BackoffOptions } from "./backoff.js";
import type { ClientSession } from "./client-session.js";
import type { Address } from "./resolver.js";

/** Connectivity of one address (and, aggregated, of a channel), as gRPC names it. */
export type ConnectivityState = "idle" | "connecting" | "ready" | "transient_failure" | "shutdown";

/** What a pool needs from its channel. */
export interface AddressPoolOptions {
  /** Opens a new session to `address`; the pool is told of its changes through `onSessionChange`. */
  openSession: (address: Address, onChange: (session: ClientSession) => void) => ClientSession;
  /** Most sessions to this address. */
  maxSessions: number;
  /** Reconnect backoff. */
  backoff: BackoffOptions;
  /** Called when the pool's state changes or a session gains room. */
  onChange: () => void;
}

/**
 * The HTTP/2 sessions to one address: picks the least-loaded ready session, opens another when
 * all are full (up to `maxSessions`), and after a failed connection attempt waits out gRPC's
 * backoff before the next one.
 */
export class AddressPool {
  readonly address: Address;
  readonly #options: AddressPoolOptions;
  readonly #sessions: ClientSession[] = [];
  readonly #backoff: Backoff;
  #backoffTimer: NodeJS.Timeout | undefined;
  #state: ConnectivityState = "idle";
  #closed = false;
  /** The last connection error, for fail-fast calls. */
  lastError: RpcError | undefined;

  constructor(address: Address, options: AddressPoolOptions) {
    this.address = address;
    this.#options = options;
    this.#backoff = new Backoff(options.backoff);
  }

  /** The pool's state: ready if any session is, else connecting, else in backoff, else idle. */
  get state(): ConnectivityState {
    return this.#state;
  }

  /** Open sessions (any state but closed). */
  get sessions(): readonly ClientSession[] {
    return this.#sessions;
  }

  /** The least-loaded ready session with room for another stream, if any. */
  pick(): ClientSession | undefined {
    let best: ClientSession | undefined;
    for (const s of this.#sessions) {
      if (s.hasRoom && (best === undefined || s.activeStreams < best.activeStreams)) best = s;
    }
    return best;
  }

  /** Total streams the usable sessions may still open. */
  get freeStreams(): number {
    let free = 0;
    for (const s of this.#sessions) if (s.state === "ready") free += Math.max(0, s.capacity - s.activeStreams);
    return free;
  }

  /**
   * Opens one more session when none is connecting, fewer than `maxSessions` are usable, and
   * no backoff is running. Returns true when a connection attempt is under way.
   */
  grow(): boolean {
    if (this.#closed) return false;
    if (this.#sessions.some((s) => s.state === "connecting")) return true;
    if (this.#backoffTimer !== undefined) return false;
    const usable = this.#sessions.filter((s) => s.state === "ready").length;
    if (usable >= this.#options.maxSessions) return false;
    const session = this.#options.openSession(this.address, (s) => this.#onSessionChange(s));
    this.#sessions.push(session);
    this.#recompute();
    return true;
  }

  /** Sends a PING on a ready session and resolves with the round-trip time. */
  async ping(): Promise<number> {
    const session = this.#sessions.find((s) => s.state === "ready");
    if (session === undefined) throw new RpcError(Code.UNAVAILABLE, "No ready connection to ping");
    return session.ping();
  }

  /** Closes every session now. */
  close(reason: RpcError): void {
    this.#closed = true;
    if (this.#backoffTimer !== undefined) clearTimeout(this.#backoffTimer);
    this.#backoffTimer = undefined;
    for (const s of [...this.#sessions]) s.destroy(reason);
    this.#state = "shutdown";
  }

  /** Stops opening sessions here; open ones finish their calls (the address went away). */
  drain(): void {
    this.#closed = true;
    for (const s of this.#sessions) s.drain();
  }

  #onSessionChange(session: ClientSession): void {
    if (session.state === "ready") this.#backoff.reset();
    if (session.state === "closed") {
      const i = this.#sessions.indexOf(session);
      if (i >= 0) this.#sessions.splice(i, 1);
      if (!session.wasReady && !this.#closed) this.#startBackoff(session.closeReason);
    }
    this.#recompute();
    this.#options.onChange();
  }

  #startBackoff(reason: RpcError | undefined): void {
    this.lastError = reason ?? new RpcError(Code.UNAVAILABLE, "Connection failed");
    if (this.#backoffTimer !== undefined) return;
    this.#backoffTimer = setTimeout(() => {
      this.#backoffTimer = undefined;
      this.#recompute();
      this.#options.onChange();
    }, this.#backoff.next());
    this.#backoffTimer.unref();
  }

  /** Keeps the backoff timer from letting the process exit while calls wait for it. */
  refBackoff(waiting: boolean): void {
    if (this.#backoffTimer === undefined) return;
    if (waiting) this.#backoffTimer.ref();
    else this.#backoffTimer.unref();
  }

  #recompute(): void {
    if (this.#closed && this.#sessions.length === 0) {
      this.#state = "shutdown";
      return;
    }
    let ready = false;
    let connecting = false;
    for (const session of this.#sessions) {
      if (session.state === "ready") ready = true;
      else if (session.state === "connecting") connecting = true;
    }
    if (ready) this.#state = "ready";
    else if (connecting) this.#state = "connecting";
    else if (this.#backoffTimer !== undefined) this.#state = "transient_failure";
    else this.#state = "idle";
  }
}
