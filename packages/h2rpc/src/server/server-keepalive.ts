import type * as http2 from "node:http2";
import { type LongTimeout, setLongTimeout } from "../core/long-timeout.js";

/** Timing of the server's keepalive PINGs, in ms. */
export interface ServerKeepaliveTiming {
  readonly timeMs: number;
  readonly timeoutMs: number;
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
  events: { onPingSent(): void; onDead(): void },
): ServerKeepalive {
  if (!Number.isFinite(timing.timeMs)) return { stop() {} };
  let timer: LongTimeout | undefined;
  let stopped = false;
  let generation = 0;
  let seenBytes = bytesRead(session);

  const idleCheck = () => {
    timer = setLongTimeout(
      () => {
        const now = bytesRead(session);
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

  const ping = () => {
    if (stopped || session.destroyed) return;
    const current = ++generation;
    const atPing = bytesRead(session);
    try {
      session.ping((error) => {
        if (error !== null || stopped || current !== generation) return;
        timer?.clear();
        seenBytes = bytesRead(session);
        idleCheck();
      });
    } catch {
      return; // the session is going away
    }
    events.onPingSent();
    timer = setLongTimeout(
      () => {
        if (stopped || current !== generation) return;
        const now = bytesRead(session);
        if (now !== atPing) {
          // the client is talking; its ACK may be queued behind data
          generation++;
          seenBytes = now;
          idleCheck();
        } else {
          stopped = true;
          events.onDead();
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
