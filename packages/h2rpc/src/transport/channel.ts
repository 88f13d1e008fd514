import type * as http2 from "node:http2";
import { Code } from "../core/code.js";
import { RpcError } from "../core/rpc-error.js";
import { ClientSession } from "./client-session.js";
import { parseTarget, type Target } from "./target.js";

/** Options of a channel. Every field is optional; defaults are documented per field. */
export interface ChannelOptions {
  /** Most HTTP/2 sessions opened to the target; a new one opens when all are at their stream limit. Default 4. */
  maxSessions?: number;
  /** Give up connecting after this long, in milliseconds. Default 20 000. */
  connectTimeoutMs?: number;
  /**
   * Per-stream HTTP/2 receive window in bytes. Default 1 MiB: larger than HTTP/2's 64 KiB so a
   * single stream can move bulk data without waiting on WINDOW_UPDATEs, while memory per stream stays bounded.
   */
  initialWindowSizeBytes?: number;
  /** Largest header block accepted from the server, in bytes. Default 64 KiB. */
  maxHeaderListSizeBytes?: number;
}

/** A connection to one gRPC target, shared by any number of clients. */
export interface Channel {
  /** The target as given to {@link createChannel}. */
  readonly target: string;
  /** Closes every session: open calls fail with UNAVAILABLE; later calls fail at once. */
  close(): void;
}

/** @internal What the client layer needs from a channel. */
export interface StreamOpener {
  /** The `:authority` to send. */
  readonly authority: string;
  /** Opens one HTTP/2 stream on a ready session. Rejects with UNAVAILABLE when no session can be had. */
  openStream(headers: http2.OutgoingHttpHeaders, endStream: boolean): Promise<http2.ClientHttp2Stream>;
}

const openers = new WeakMap<Channel, StreamOpener>();

/** @internal The stream opener behind a public channel. */
export function streamOpenerOf(channel: Channel): StreamOpener {
  const opener = openers.get(channel);
  if (opener === undefined) {
    throw new TypeError("Not an h2rpc channel: create one with createChannel(target)");
  }
  return opener;
}

/**
 * Creates a channel to `target` (`host:port`, `[::1]:port`, `unix:/path`). Nothing connects
 * until the first call; sessions never keep the process alive while idle.
 */
export function createChannel(target: string, options: ChannelOptions = {}): Channel {
  const impl = new ChannelImpl(target, parseTarget(target), options);
  const channel: Channel = { target, close: () => impl.close() };
  openers.set(channel, impl);
  return channel;
}

class ChannelImpl implements StreamOpener {
  readonly #target: Target;
  readonly #targetText: string;
  readonly #sessions: ClientSession[] = [];
  readonly #maxSessions: number;
  readonly #connectTimeoutMs: number;
  readonly #settings: http2.Settings;
  #closed = false;

  constructor(targetText: string, target: Target, options: ChannelOptions) {
    this.#targetText = targetText;
    this.#target = target;
    this.#maxSessions = positiveInt(options.maxSessions, 4, "maxSessions");
    this.#connectTimeoutMs = positiveInt(options.connectTimeoutMs, 20_000, "connectTimeoutMs");
    this.#settings = {
      initialWindowSize: positiveInt(options.initialWindowSizeBytes, 1 << 20, "initialWindowSizeBytes"),
      maxHeaderListSize: positiveInt(options.maxHeaderListSizeBytes, 64 << 10, "maxHeaderListSizeBytes"),
      enablePush: false,
    };
  }

  get authority(): string {
    return this.#target.authority;
  }

  async openStream(headers: http2.OutgoingHttpHeaders, endStream: boolean): Promise<http2.ClientHttp2Stream> {
    if (this.#closed) throw new RpcError(Code.UNAVAILABLE, `Channel to ${this.#targetText} is closed`);
    const session = this.#pick();
    if (session.state === "connecting") await session.whenReady();
    if (!session.acceptsStreams) {
      throw session.closeReason ?? new RpcError(Code.UNAVAILABLE, "Session closed before the call could start");
    }
    return session.request(headers, endStream);
  }

  close(): void {
    this.#closed = true;
    for (const session of [...this.#sessions]) {
      session.destroy(new RpcError(Code.UNAVAILABLE, `Channel to ${this.#targetText} was closed`));
    }
  }

  /** The least-loaded usable session with room, else a new session, else the least-loaded one. */
  #pick(): ClientSession {
    let best: ClientSession | undefined;
    for (const s of this.#sessions) {
      if (!s.acceptsStreams) continue;
      if (best === undefined || s.activeStreams < best.activeStreams) best = s;
    }
    if (best !== undefined && best.activeStreams < best.maxConcurrentStreams) return best;
    if (best === undefined || this.#sessions.length < this.#maxSessions) {
      const session = new ClientSession(this.#target, {
        settings: this.#settings,
        connectTimeoutMs: this.#connectTimeoutMs,
        onClose: (s) => this.#remove(s),
      });
      this.#sessions.push(session);
      return session;
    }
    return best;
  }

  #remove(session: ClientSession): void {
    const i = this.#sessions.indexOf(session);
    if (i >= 0) this.#sessions.splice(i, 1);
  }
}

function positiveInt(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0) {
    throw new RangeError(`Channel option ${name} must be a positive integer, got ${value}`);
  }
  return value;
}
