import type { Duplex } from "node:stream";
import { type Channel, type ChannelOptions, createChannel, type Server } from "h2rpc";
import { createDuplexPair } from "./duplex-pair.js";

/** Options of {@link createInProcessChannel}: a channel's, less how it finds and reaches the server. */
export type InProcessChannelOptions = Omit<ChannelOptions, "createConnection" | "resolver">;

/** The target an in-process channel reports (and sends as `:authority`). */
const target = "in-process";

/**
 * A channel to `server` without a socket: every HTTP/2 session runs over a fresh in-memory
 * {@link createDuplexPair} whose other end goes to `server.acceptConnection`. The server need not
 * listen. Everything else is a real channel and a real server connection (framing, flow control,
 * metadata, deadlines, cancellation, compression, interceptors, GOAWAY on shutdown), so clients
 * behave as over TCP; `channel.close()` closes the sessions, and once the server shuts down new
 * sessions fail with UNAVAILABLE.
 */
export function createInProcessChannel(server: Server, options: InProcessChannelOptions = {}): Channel {
  let serverDown = false;
  const unsubscribe = server.onShutdown(() => {
    serverDown = true;
  });
  const channel = createChannel(target, {
    ...options,
    resolver: { resolve: async () => [{ kind: "tcp", host: target, port: 0 }] },
    createConnection: () => connect(server, serverDown),
  });
  channel.onStateChange((state) => {
    if (state === "shutdown") unsubscribe();
  });
  return channel;
}

/** A new in-memory connection to `server`; the client's end. */
function connect(server: Server, serverDown: boolean): Duplex {
  const [clientEnd, serverEnd] = createDuplexPair();
  if (serverDown) {
    // say why, rather than a bare "connection closed"
    serverEnd.destroy();
    clientEnd.destroy(new Error("the in-process server is shut down"));
    return clientEnd;
  }
  server.acceptConnection(serverEnd);
  return clientEnd;
}
