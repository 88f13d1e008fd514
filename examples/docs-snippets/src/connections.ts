// Samples of docs/connections-and-keepalive.md. connections.test.ts runs the loopback ones.
import { once } from "node:events";
import * as net from "node:net";
import {
  type Address,
  type Channel,
  type ConnectivityState,
  createChannel,
  createServer,
  type Resolver,
  type Server,
} from "h2rpc";
import { greeter } from "./calls.js";
import { type GreeterClient, GreeterService } from "./gen/helloworld/greeter.h2rpc.js";

/** A channel with every connection knob the guide discusses (not connected until the first call). */
export function tunedChannel(): Channel {
  // #region channel-options
  const channel = createChannel("dns:greeter.internal:50051", {
    loadBalancing: "round_robin", // default pick_first; every A/AAAA record is an address
    maxSessions: 4, // HTTP/2 connections per address, opened as the peer's stream limit is reached
    maxPendingCalls: 10_000, // calls waiting for a stream; past it RESOURCE_EXHAUSTED
    connectTimeoutMs: 20_000, // TCP + TLS + the server's SETTINGS
    idleTimeoutMs: 300_000, // close a connection after 5 min without calls
    keepaliveTimeMs: 60_000, // PING every minute while calls are open (default: off)
    keepaliveTimeoutMs: 20_000, // no PING ACK within this: connection dead, its calls UNAVAILABLE
    initialBackoffMs: 1000, // reconnect backoff: 1 s, ×1.6, ±20 %, at most 120 s
    maxBackoffMs: 120_000,
  });
  // #endregion
  return channel;
}

/** Records the state changes of a channel to `target` during one ping; returns them and the round trip. */
export async function watchState(target: string): Promise<{ states: ConnectivityState[]; rttMs: number }> {
  // #region state
  const channel = createChannel(target);
  const states: ConnectivityState[] = [channel.state]; // "idle": nothing connects before it is needed
  const stop = channel.onStateChange((state) => states.push(state)); // connecting, ready, transient_failure...
  const rttMs = await channel.ping(); // connects if needed, then an HTTP/2 PING round trip, in ms
  stop();
  channel.close(); // open calls fail with UNAVAILABLE; later calls fail at once
  // #endregion
  return { states, rttMs };
}

// #region resolver
/** Service discovery: looks the service's addresses up in a registry (here, a Map). */
export function registryResolver(registry: Map<string, Address[]>): Resolver {
  return {
    async resolve(target) {
      const addresses = registry.get(target.authority); // "greeter:50051" for target "greeter:50051"
      if (addresses === undefined || addresses.length === 0) throw new Error(`${target.authority} not registered`);
      return addresses; // e.g. [{ kind: "tcp", host: "10.0.0.7", port: 50051 }]
    },
  };
}
// #endregion

/** A channel that finds the greeter through `registryResolver`. */
export function discoveredChannel(registry: Map<string, Address[]>): Channel {
  // #region resolver-use
  // resolved on the first call, and again when every address is failing (at most once a second)
  const channel = createChannel("greeter:50051", {
    resolver: registryResolver(registry),
    loadBalancing: "round_robin",
  });
  // #endregion
  return channel;
}

/** Starts a greeter with the server-side connection knobs of the guide. */
export async function tunedServer(): Promise<{ close: () => Promise<void>; port: number }> {
  // #region server-options
  const server = createServer({
    maxConcurrentStreams: 1000, // calls per connection (SETTINGS_MAX_CONCURRENT_STREAMS)
    keepalive: {
      timeMs: 7_200_000, // PING a client silent this long (2 h)...
      timeoutMs: 20_000, // ...and close the connection if the ACK does not come
      minPingIntervalMs: 60_000, // accept client PINGs this often (default 5 min)...
      permitWithoutCalls: true, // ...even on connections without calls (default false)
    },
    maxConnectionIdleMs: 600_000, // GOAWAY a connection without calls for 10 min (default: never)
    maxConnectionAgeMs: 3_600_000, // GOAWAY every connection after ~1 h (±10 %), to rebalance
    maxConnectionAgeGraceMs: 30_000, // then give its calls 30 s before closing it
  }).add(GreeterService, greeter);
  // #endregion
  const port = await server.listen("127.0.0.1:0");
  return { close: () => server.close(), port };
}

/** Graceful shutdown on SIGTERM, as a deployment would wire it; returns a function that unhooks it. */
export async function shutdownOnSigterm(): Promise<{ port: number; unhook: () => void; stop: () => Promise<void> }> {
  // #region shutdown
  const server = createServer().add(GreeterService, greeter);
  const port = await server.listen("127.0.0.1:0");
  server.onShutdown(() => console.log("draining")); // first: e.g. health turns NOT_SERVING
  const onSigterm = () => {
    // stop accepting, GOAWAY, let admitted calls finish for up to 10 s, then cancel the rest
    void server.shutdown({ graceMs: 10_000 }).then(() => process.exit(0));
  };
  process.once("SIGTERM", onSigterm);
  // #endregion
  return { port, unhook: () => process.off("SIGTERM", onSigterm), stop: () => server.forceShutdown() };
}

/** Greets once the server is up, waiting for it instead of failing fast. */
export async function greetWhenReady(client: GreeterClient): Promise<string> {
  // #region wait-for-ready
  // the server may still be starting: wait for a connection (until the deadline) instead of failing
  // with UNAVAILABLE as soon as the channel is in transient_failure
  const reply = await client.sayHello({ name: "Ada" }, { waitForReady: true, timeoutMs: 10_000 });
  // #endregion
  return reply.message;
}

/** A greeter served through a listener of our own that only takes connections from `allowed` addresses. */
export async function serveThroughOwnListener(
  allowed: ReadonlySet<string>,
  port: number,
  host: string,
): Promise<{ server: Server; port: number }> {
  const server = createServer().add(GreeterService, greeter);
  // #region accept-connection
  // a listener of your own (here: an allowlist of client addresses); the server need not listen()
  const listener = net.createServer((socket) => {
    if (allowed.has(socket.remoteAddress ?? "")) server.acceptConnection(socket);
    else socket.destroy();
  });
  listener.listen(port, host); // e.g. 50051 and "0.0.0.0"
  server.onShutdown(() => listener.close()); // the server's shutdown closes only what it accepted
  // #endregion
  await once(listener, "listening");
  return { server, port: (listener.address() as net.AddressInfo).port };
}

/** A channel that opens its TCP connections itself, with TCP keepalive probes on. */
export function channelWithOwnSockets(target: string): Channel {
  // #region create-connection
  const channel = createChannel(target, {
    // open each connection's byte stream yourself; here a TCP socket with the OS's keepalive probes on
    createConnection: (address) =>
      address.kind === "unix"
        ? net.connect(address.path)
        : net.connect({ host: address.host, port: address.port, keepAlive: true, keepAliveInitialDelay: 60_000 }),
  });
  // #endregion
  return channel;
}

/** Makes one call and prints what it moved on both sides' counters. */
export async function countOneCall(channel: Channel, server: Server, client: GreeterClient): Promise<void> {
  // #region stats
  const before = channel.stats(); // a snapshot: plain numbers, counted since the channel was created
  await client.sayHello({ name: "Ada" });
  const after = channel.stats();
  const streams = after.streamsStarted - before.streamsStarted; // 1: a retried call starts one per attempt
  console.log(`the call: ${streams} stream, ${after.bytesSent - before.bytesSent} bytes sent`);
  console.log(`channel: ${after.sessionsOpen} sessions open, ${after.connectFailures} failed connection attempts`);
  const s = server.stats();
  console.log(`server: ${s.sessionsOpen} connections open (${s.sessionsTotal} in all), ${s.streamsTotal} calls`);
  // #endregion
}
