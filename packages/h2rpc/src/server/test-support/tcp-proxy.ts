import * as net from "node:net";

/** One proxied TCP connection whose two directions can be held (buffered) and released. */
export interface ProxiedConnection {
  /** Buffer what the server sends until {@link release}: the client sees nothing. */
  holdToClient(): void;
  /** Buffer what the client sends until {@link release}: the server sees nothing. */
  holdToServer(): void;
  /** Delivers what was held, in order, and stops holding. */
  release(): void;
}

/** A loopback TCP proxy in front of a server, for tests that need a silent or lagging peer. */
export interface TcpProxy {
  readonly port: number;
  /** Connections accepted so far, oldest first. */
  readonly connections: readonly ProxiedConnection[];
  close(): Promise<void>;
}

/** Starts a proxy on 127.0.0.1 that forwards each connection to 127.0.0.1:`targetPort`. */
export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const connections: ProxiedConnection[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, "127.0.0.1");
    sockets.add(client).add(upstream);
    connections.push(pipeBoth(client, upstream));
    for (const s of [client, upstream]) s.once("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function pipeBoth(client: net.Socket, upstream: net.Socket): ProxiedConnection {
  const toClient = direction(upstream, client);
  const toServer = direction(client, upstream);
  return {
    holdToClient: () => toClient.hold(),
    holdToServer: () => toServer.hold(),
    release() {
      toClient.release();
      toServer.release();
    },
  };
}

/** Forwards `from` → `to` and ends `to` when `from` ends (after delivering what was held). */
function direction(from: net.Socket, to: net.Socket) {
  let holding = false;
  let ended = false;
  const held: Buffer[] = [];
  from.on("data", (chunk: Buffer) => (holding ? held.push(chunk) : to.write(chunk)));
  from.on("end", () => {
    ended = true;
    if (!holding) to.end();
  });
  from.on("error", () => to.destroy());
  from.on("close", () => {
    if (!holding) to.end();
  });
  return {
    hold() {
      holding = true;
    },
    release() {
      holding = false;
      for (const chunk of held.splice(0)) to.write(chunk);
      if (ended) to.end();
    },
  };
}
