import type { Channel, Server } from "h2rpc";
import type { Leak } from "./leak-error.js";
import type { ResourceTracker } from "./resource-tracker.js";

/** What to do, per kind of leak; the report lists each once. */
export const fixes = {
  calls:
    "finish or cancel every call before the check: read response streams to the end or break out of the for-await, " +
    "end request streams, abort the call's signal; handlers must return when context.signal aborts",
  connections:
    "close every channel and client the test created (channel.close(); a grpc-js client.close()), " +
    "and await server.close() for every server it started",
  servers: "await server.close() (or server.forceShutdown()) for every server the test started",
  timers:
    "clear the timers the test or its handlers set (clearTimeout/clearInterval, e.g. when context.signal aborts), " +
    "or unref() them",
  other: "close or kill what the test started",
} as const;

/** Calls still open on the servers and channels: the test did not finish or cancel them. */
export function openCalls(servers: readonly Server[], channels: readonly Channel[]): Leak[] {
  const leaks: Leak[] = [];
  for (const server of servers) {
    const { streamsActive } = server.stats();
    if (streamsActive > 0) leaks.push(count(streamsActive, "call", "open on the server (stats().streamsActive)"));
  }
  for (const channel of channels) {
    const { streamsActive, callsWaiting } = channel.stats();
    const where = `on the channel to ${channel.target}`;
    if (streamsActive > 0) leaks.push(count(streamsActive, "call", `open ${where} (stats().streamsActive)`));
    if (callsWaiting > 0) leaks.push(count(callsWaiting, "call", `waiting for a connection ${where}`));
  }
  return leaks;
}

/** Connections still open: on servers (from any client) and on channels (sessions up or connecting). */
export function openConnections(servers: readonly Server[], channels: readonly Channel[]): Leak[] {
  const leaks: Leak[] = [];
  for (const server of servers) {
    const { sessionsOpen } = server.stats();
    if (sessionsOpen > 0) {
      leaks.push({
        ...count(sessionsOpen, "connection", "open on the server (stats().sessionsOpen)"),
        fix: fixes.connections,
      });
    }
  }
  for (const channel of channels) {
    const { sessionsOpen, sessionsConnecting } = channel.stats();
    const open = sessionsOpen + sessionsConnecting;
    if (open > 0) {
      leaks.push({
        ...count(open, "HTTP/2 session", `open or connecting on the channel to ${channel.target}`),
        fix: fixes.connections,
      });
    }
  }
  return leaks;
}

/** Sockets, listeners, sessions and ref'ed timers created while tracking and still open. */
export function openResources(tracker: ResourceTracker): Leak[] {
  return tracker
    .open()
    .map(({ type, description, createdAt }) => ({ description, type, fix: fixFor(type), createdAt }));
}

function fixFor(type: string): string {
  if (type === "Timeout") return fixes.timers;
  if (type === "TCPSERVERWRAP" || type === "PIPESERVERWRAP") return fixes.servers;
  if (type === "UDPWRAP" || type === "PROCESSWRAP") return fixes.other;
  return fixes.connections;
}

function count(n: number, noun: string, rest: string): Leak {
  return { description: `${n} ${noun}${n === 1 ? "" : "s"} ${rest}`, fix: fixes.calls };
}
