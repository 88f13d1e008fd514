/**
 * The client's copy of the rapid-reset limit of servers built on nghttp2 ≥ 1.57 (Node 20's
 * `node:http2`, nghttpx, Apache httpd…): per connection, a bucket of 1000 RST_STREAMs received from
 * the client, refilled at 33 per second; the reset that finds it empty gets the connection GOAWAY
 * INTERNAL_ERROR, and every call on it fails. Node 20 offers no setting for it on the server.
 *
 * What nghttp2 counts, measured on Node 20.20 (nghttp2 1.61) against a plain `node:http2` server:
 * every RST_STREAM the client sends, CANCEL and NO_ERROR alike (1002 and 1035 resets, the
 * difference being the refill during the run); none of the server's own (2 × 1100 server resets,
 * CANCEL and NO_ERROR, no GOAWAY). The server refills in whole seconds, this copy continuously, so
 * it may run up to 33 ahead: keep a reserve.
 */
export class ResetBudget {
  readonly #burst: number;
  readonly #perMs: number;
  #tokens: number;
  #at: number;

  /** A full bucket at `nowMs` (a monotonic clock, e.g. `performance.now()`). */
  constructor(nowMs: number, burst = 1000, perSecond = 33) {
    this.#burst = burst;
    this.#perMs = perSecond / 1000;
    this.#tokens = burst;
    this.#at = nowMs;
  }

  /** Resets left at `nowMs`. */
  available(nowMs: number): number {
    const tokens = this.#tokens + (nowMs - this.#at) * this.#perMs;
    this.#tokens = Math.min(tokens, this.#burst);
    this.#at = nowMs;
    return this.#tokens;
  }

  /** Spends one reset sent at `nowMs`; returns what is left (negative once overdrawn). */
  spend(nowMs: number): number {
    this.#tokens = this.available(nowMs) - 1;
    return this.#tokens;
  }
}
