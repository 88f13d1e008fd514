/** Client keepalive settings (gRFC A8). */
export interface KeepaliveOptions {
  /** Send a PING this often on a connection, ms. Default: off (as in gRPC). (GRPC_ARG_KEEPALIVE_TIME_MS) */
  keepaliveTimeMs?: number;
  /** A PING not acknowledged within this time marks the connection dead, ms. Default 20 000. */
  keepaliveTimeoutMs?: number;
  /** Also ping connections with no active calls. Default false. (GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS) */
  keepalivePermitWithoutCalls?: boolean;
}

/**
 * The keepalive policy shared by a channel's sessions. The interval doubles each time a server
 * answers GOAWAY ENHANCE_YOUR_CALM `too_many_pings`, and stays doubled for the channel's life.
 */
export class KeepalivePolicy {
  #timeMs: number;
  readonly timeoutMs: number;
  readonly permitWithoutCalls: boolean;

  constructor(options: KeepaliveOptions) {
    this.#timeMs = options.keepaliveTimeMs ?? Number.POSITIVE_INFINITY;
    this.timeoutMs = options.keepaliveTimeoutMs ?? 20_000;
    this.permitWithoutCalls = options.keepalivePermitWithoutCalls ?? false;
    if (!(this.#timeMs > 0) || !(this.timeoutMs > 0)) {
      throw new RangeError("keepaliveTimeMs and keepaliveTimeoutMs must be positive numbers of milliseconds");
    }
  }

  /** True when pings are on. */
  get enabled(): boolean {
    return Number.isFinite(this.#timeMs);
  }

  /** The current interval between pings, ms. */
  get timeMs(): number {
    return this.#timeMs;
  }

  /** The server said `too_many_pings`: ping half as often from now on. */
  backOff(): void {
    this.#timeMs = Math.min(this.#timeMs * 2, 2 ** 31 - 1);
  }
}
