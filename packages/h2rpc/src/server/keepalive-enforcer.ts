/** The part of the connection policy that judges client PINGs. */
export interface PingPolicy {
  readonly minPingIntervalMs: number;
  readonly permitWithoutCalls: boolean;
  /** `Infinity` turns enforcement off. */
  readonly maxPingStrikes: number;
}

/** What the connection looked like when a PING arrived. */
export interface PingContext {
  /** Calls open on the connection. */
  readonly activeCalls: number;
  /** True when the server sent headers or data since the previous PING. */
  readonly sentSincePreviousPing: boolean;
}

/**
 * Without calls (and without `permitWithoutCalls`) a client should not ping at all; grpc-go still
 * tolerates one PING per 2 h, the default server keepalive time, and so do we.
 */
export const pingWithoutCallsIntervalMs = 2 * 60 * 60 * 1000;

/**
 * The server's ping policy for one connection, as grpc-go's `handlePing`: a PING sooner than
 * `minPingIntervalMs` after the previous one (2 h when the connection has no calls and they are not
 * permitted) is a strike; a PING that follows headers or data sent by the server clears the strikes
 * instead of being judged (clients may ping after receiving data, e.g. for BDP estimation). The first
 * PING is never a strike. More than `maxPingStrikes` strikes: the client pings too much.
 * Pure: the caller passes the time and what happened on the connection.
 */
export class KeepaliveEnforcer {
  readonly #policy: PingPolicy;
  #strikes = 0;
  #lastPingAt: number | undefined;

  constructor(policy: PingPolicy) {
    this.#policy = policy;
  }

  /** Strikes so far. */
  get strikes(): number {
    return this.#strikes;
  }

  /** Judges a PING received at `nowMs`; true when the client is past the strike limit. */
  onPing(nowMs: number, context: PingContext): boolean {
    const previous = this.#lastPingAt;
    this.#lastPingAt = nowMs;
    if (!Number.isFinite(this.#policy.maxPingStrikes)) return false;
    if (context.sentSincePreviousPing) {
      this.#strikes = 0;
      return false;
    }
    const minInterval =
      context.activeCalls === 0 && !this.#policy.permitWithoutCalls
        ? Math.max(pingWithoutCallsIntervalMs, this.#policy.minPingIntervalMs)
        : this.#policy.minPingIntervalMs;
    if (previous !== undefined && nowMs - previous < minInterval) this.#strikes++;
    return this.#strikes > this.#policy.maxPingStrikes;
  }
}
