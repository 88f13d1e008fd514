/** Connection counters of a channel: a snapshot from {@link Channel.stats}. */
export interface ChannelStats {
  /** HTTP/2 sessions that are up (ready or draining). */
  sessionsOpen: number;
  /** Sessions still connecting (TCP, TLS or the HTTP/2 handshake). */
  sessionsConnecting: number;
  /** Connection attempts since the channel was created. */
  connectAttempts: number;
  /** Connection attempts that failed before the server's SETTINGS arrived. */
  connectFailures: number;
  /** Calls (streams) open now. */
  streamsActive: number;
  /** Streams opened since the channel was created (a retried call counts once per attempt). */
  streamsStarted: number;
  /** Calls waiting for a connection or a free stream. */
  callsWaiting: number;
  /** Bytes written to the channel's sockets (HTTP/2 framing included; TLS records excluded). */
  bytesSent: number;
  /** Bytes read from the channel's sockets. */
  bytesReceived: number;
  /** PINGs sent: keepalive and {@link Channel.ping}. */
  pingsSent: number;
  /** Sessions closed because a keepalive PING went unanswered. */
  keepaliveTimeouts: number;
  /** GOAWAY frames received from servers. */
  goawaysReceived: number;
  /**
   * Sessions retired because their calls were cancelled so often that the server's rapid-reset
   * limit (nghttp2: 1000, then 33/s per connection) came near; their calls finished, new ones
   * went to a fresh connection.
   */
  resetBudgetDrains: number;
}

/** @internal Counters the sessions of one channel add to; live figures are summed at snapshot time. */
export interface SessionCounters {
  connectAttempts: number;
  connectFailures: number;
  streamsStarted: number;
  pingsSent: number;
  keepaliveTimeouts: number;
  goawaysReceived: number;
  /** Sessions drained before the server's rapid-reset limit could close them (see ResetBudget). */
  resetBudgetDrains: number;
  /** Bytes of sessions already closed. */
  closedBytesSent: number;
  /** Bytes of sessions already closed. */
  closedBytesReceived: number;
}

/** @internal Fresh zeroed counters. */
export function createSessionCounters(): SessionCounters {
  return {
    connectAttempts: 0,
    connectFailures: 0,
    streamsStarted: 0,
    pingsSent: 0,
    keepaliveTimeouts: 0,
    goawaysReceived: 0,
    resetBudgetDrains: 0,
    closedBytesSent: 0,
    closedBytesReceived: 0,
  };
}
