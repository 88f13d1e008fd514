/** Connection counters of a server: a snapshot from {@link Server.stats}. */
export interface ServerStats {
  /** Connections (HTTP/2 sessions) open now. */
  sessionsOpen: number;
  /** Connections closed on arrival because `maxConnections` were open. */
  connectionsRefused: number;
  /** Connections accepted since the server started. */
  sessionsTotal: number;
  /** Calls (streams) open now, over all connections. */
  streamsActive: number;
  /** Calls (streams) started since the server started. */
  streamsTotal: number;
  /** PINGs received from clients (not counting ACKs of the server's own). */
  pingsReceived: number;
  /** GOAWAY ENHANCE_YOUR_CALM `too_many_pings` sent. */
  tooManyPings: number;
  /** Keepalive PINGs the server sent. */
  keepalivePingsSent: number;
  /** Connections closed because a keepalive PING went unanswered. */
  keepaliveTimeouts: number;
  /** Silence-probe PINGs sent to connections that received nothing for `silenceProbeMs`. */
  silenceProbesSent: number;
  /**
   * Connections closed because a silence-probe PING went unanswered or could not be sent: most
   * often connections node's HTTP/2 stack ended with a connection error and stopped reading.
   */
  silenceCloses: number;
  /** Connections closed for being idle (`maxConnectionIdleMs`). */
  idleCloses: number;
  /** Connections sent GOAWAY for their age (`maxConnectionAgeMs`). */
  ageGoaways: number;
  /** Connections closed for not completing their first request headers in time (slow loris). */
  handshakeTimeouts: number;
  /** Connections refused for resetting streams too fast (rapid reset, CVE-2023-44487). */
  resetFloods: number;
  /** Connections closed at the end of the age grace (`maxConnectionAgeGraceMs`) with calls still open. */
  ageForceCloses: number;
  /** GOAWAY frames sent: shutdown, idle, age, too_many_pings, rapid reset. */
  goawaysSent: number;
  /** Bytes written to client connections (HTTP/2 frames). */
  bytesSent: number;
  /** Bytes read from client connections. */
  bytesReceived: number;
}

/** @internal The live counters; `bytesSent`/`bytesReceived` hold only closed connections' bytes. */
export type ConnectionStats = ServerStats;

/** Fresh zeroed counters. */
export function createConnectionStats(): ConnectionStats {
  return {
    sessionsOpen: 0,
    sessionsTotal: 0,
    connectionsRefused: 0,
    streamsActive: 0,
    streamsTotal: 0,
    pingsReceived: 0,
    tooManyPings: 0,
    keepalivePingsSent: 0,
    keepaliveTimeouts: 0,
    silenceProbesSent: 0,
    silenceCloses: 0,
    resetFloods: 0,
    handshakeTimeouts: 0,
    idleCloses: 0,
    ageGoaways: 0,
    ageForceCloses: 0,
    goawaysSent: 0,
    bytesSent: 0,
    bytesReceived: 0,
  };
}
