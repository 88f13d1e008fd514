import type * as http2 from "node:http2";
import { type LongTimeout, setLongTimeout } from "../core/long-timeout.js";

/** Timing of the server's keepalive PINGs, in ms. */
export interface ServerKeepaliveTiming {
  readonly timeMs: number;
  readonly timeoutMs: number;
}

/** What a keepalive reports to its connection. */
export interface ServerKeepaliveEvents {
  /** A PING went out (count it as the server's own, not as data sent). */
  onPingSent(): void;
  /** The connection is dead: close it. Reported once. */
  onDead(): void;
}

/** How a keepalive reads the connection and what a refused PING means. */
export interface ServerKeepaliveOptions {
  /** Bytes received on the connection so far. Default: the session's socket's `bytesRead`. */
  readonly bytesRead?: () => number;
  /**
   * Probe mode: a PING node refuses to queue means dead at once, and a session closing gracefully
   * is not pinged (node refuses PINGs after `close()` although the connection still reads: its
   * streams end normally or the peer's hang-up closes it). Default false: as grpc-go's keepalive,
   * an unsent PING simply goes unanswered.
   */
  readonly probe?: boolean;
}

/** Running keepalive of one connection. */
export interface ServerKeepalive {
  /** Stops pinging; safe to call more than once. */
  stop(): void;
}

/**
 * Pings the client when nothing arrived from it for `timeMs` and reports it dead when neither the
 * PING's ACK nor anything else arrives within `timeoutMs` (as grpc-go's server keepalive). Node
 * gives no per-frame read events, so "anything arrived" is judged by the socket's `bytesRead` at
 * each tick: a PING goes out between `timeMs` and twice that after the last byte received.
 */
export function startServerKeepalive(
  session: http2.ServerHttp2Session,
  timing: ServerKeepaliveTiming,
  events: ServerKeepaliveEvents,
  options: ServerKeepaliveOptions = {},
): ServerKeepalive {
  if (!Number.isFinite(timing.timeMs)) return { stop() {} };
  const readBytes = options.bytesRead ?? (() => bytesRead(session));
  const probe = options.probe === true;
  let timer: LongTimeout | undefined;
  let stopped = false;
  let generation = 0;
  let seenBytes = readBytes();

  const idleCheck = () => {
    timer = setLongTimeout(
      () => {
        const now = readBytes();
        if (now !== seenBytes) {
          seenBytes = now;
          idleCheck();
        } else {
          ping();
        }
      },
      timing.timeMs,
      true,
    );
  };

  const dead = () => {
    stopped = true;
    events.onDead();
  };

  const ping = () => {
    if (stopped || session.destroyed) return;
    if (probe && session.closed) {
      idleCheck();
      return;
    }
    const current = ++generation;
    const atPing = readBytes();
    let queued: boolean | undefined;
    try {
      queued = session.ping((error) => {
        if (error !== null || stopped || current !== generation) return;
        timer?.clear();
        seenBytes = readBytes();
        idleCheck();
      });
    } catch {
      return; // the session is going away
    }
    if (probe && queued === false) {
      dead();
      return;
    }
    events.onPingSent();
    timer = setLongTimeout(
      () => {
        if (stopped || current !== generation) return;
        const now = readBytes();
        if (now !== atPing) {
          // the client is talking; its ACK may be queued behind data
          generation++;
          seenBytes = now;
          idleCheck();
        } else {
          dead();
        }
      },
      timing.timeoutMs,
      true,
    );
  };

  idleCheck();
  return {
    stop() {
      stopped = true;
      timer?.clear();
    },
  };
}

/** Bytes received on the session's socket; 0 once the socket is gone. */
export function bytesRead(session: http2.ServerHttp2Session): number {
  try {
    return session.socket?.bytesRead ?? 0;
  } catch {
    return 0; // node throws once the session released its socket
  }
}
