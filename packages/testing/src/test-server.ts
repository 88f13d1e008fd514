import {
  type Channel,
  type ChannelOptions,
  type Client,
  type ClientOptions,
  createChannel,
  createClient,
  createServer,
  type Server,
  type ServerOptions,
  type ServiceDefinition,
} from "h2rpc";
import type { Leak } from "./leak-error.js";
import { fixes, openCalls } from "./leak-probes.js";
import { ResourceTracker } from "./resource-tracker.js";
import { settle } from "./settle.js";
import { findLeaks, type LeakCheckOptions, leakError, settleOption } from "./track-leaks.js";

/** Options of {@link startTestServer}. */
export interface TestServerOptions extends LeakCheckOptions {
  /** Options of the server (`createServer(options.server)`). */
  server?: ServerOptions;
  /** Time calls still open get to finish when {@link TestServer.close} shuts the server down, ms. Default 100. */
  graceMs?: number;
  /** Check for leaks in {@link TestServer.close}. Default true. */
  leakCheck?: boolean;
}

/** A server on an ephemeral loopback port, with channels and clients to it, from {@link startTestServer}. */
export interface TestServer {
  /** The server, listening. */
  readonly server: Server;
  /** The port it listens on (127.0.0.1). */
  readonly port: number;
  /** `127.0.0.1:<port>`: a target for `createChannel` or another gRPC client. */
  readonly target: string;
  /** A new channel to the server; {@link TestServer.close} closes it. */
  channel(options?: ChannelOptions): Channel;
  /** A client of `service` on one channel shared by every `client()` call; closed by {@link TestServer.close}. */
  client<S extends ServiceDefinition>(service: S, options?: ClientOptions): Client<S>;
  /**
   * Closes every channel made by {@link TestServer.channel} and {@link TestServer.client}, shuts
   * the server down and, unless `leakCheck` is false, rejects with a `LeakError` if the test left
   * anything open: calls not finished, connections from clients not closed, sockets, listeners,
   * HTTP/2 sessions or ref'ed timers created since the server started. Calling it again returns
   * the same promise.
   */
  close(): Promise<void>;
}

/**
 * Starts a real server on `127.0.0.1:0` for a test: `setup` adds its services before it listens.
 * Made for vitest's `beforeAll`/`afterAll` (or `beforeEach`/`afterEach`): `await
 * testServer.close()` at the end tears everything down and checks for leaks. Leaks are tracked
 * process-wide from this call on, so tests must not run concurrently with it.
 */
export async function startTestServer(
  setup: (server: Server) => void | Promise<void>,
  options: TestServerOptions = {},
): Promise<TestServer> {
  const settleMs = settleOption(options.settleMs);
  const graceMs = options.graceMs ?? 100;
  const trackStacks = options.trackStacks ?? false;
  const tracker = (options.leakCheck ?? true) ? new ResourceTracker(trackStacks) : undefined;
  let server: Server | undefined;
  let port: number;
  try {
    server = createServer(options.server);
    await setup(server);
    port = await server.listen("127.0.0.1:0");
  } catch (error) {
    await server?.forceShutdown();
    tracker?.stop();
    throw error;
  }
  const running = server;
  const target = `127.0.0.1:${port}`;
  const channels: Channel[] = [];
  let shared: Channel | undefined;
  let closed: Promise<void> | undefined;
  const channel = (channelOptions?: ChannelOptions): Channel => {
    if (closed !== undefined) throw new Error("This test server is closed: start another for a new channel");
    const created = createChannel(target, channelOptions);
    channels.push(created);
    return created;
  };
  return {
    server: running,
    port,
    target,
    channel,
    client: (service, clientOptions) => {
      shared ??= channel();
      return createClient(service, shared, clientOptions);
    },
    close: () => {
      closed ??= tearDown({ server: running, channels, tracker, settleMs, graceMs, trackStacks });
      return closed;
    },
  };
}

interface TearDown {
  server: Server;
  channels: readonly Channel[];
  tracker: ResourceTracker | undefined;
  settleMs: number;
  graceMs: number;
  trackStacks: boolean;
}

/**
 * Calls left open are looked for first (closing channels would end them), then connections that
 * outlive our channels (clients the test made itself), then, after the shutdown, everything else.
 */
async function tearDown({ server, channels, tracker, settleMs, graceMs, trackStacks }: TearDown): Promise<void> {
  const leaks: Leak[] = [];
  try {
    if (tracker !== undefined) leaks.push(...(await settle(() => openCalls([server], channels), settleMs, tracker)));
    for (const channel of channels) channel.close();
    if (tracker !== undefined) leaks.push(...(await settle(() => foreignConnections(server), settleMs, tracker)));
    await server.shutdown({ graceMs });
    if (tracker !== undefined) leaks.push(...(await findLeaks(tracker, { servers: [server], channels }, settleMs)));
  } finally {
    tracker?.stop();
  }
  if (leaks.length > 0) throw leakError(leaks, settleMs, trackStacks);
}

/** Connections to the server once its test channels are closed: from clients the test made itself. */
function foreignConnections(server: Server): Leak[] {
  const { sessionsOpen } = server.stats();
  if (sessionsOpen === 0) return [];
  return [
    {
      description:
        `${sessionsOpen} connection${sessionsOpen === 1 ? "" : "s"} to the server from clients the test made itself ` +
        "(not testServer.channel() or client()), still open after close() closed its own channels",
      fix: fixes.connections,
    },
  ];
}
