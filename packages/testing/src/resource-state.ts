// What an async_hooks resource is and whether it is still open, read from the handle and from the
// JavaScript object that owns it (a net.Socket, an Http2Session). async_hooks' destroy hook comes
// promptly for sockets and timers, but for HTTP/2 sessions and JS-stream sockets only with garbage
// collection: their owner's `destroyed` says sooner.

/** The object node keeps on a handle under its private `owner_symbol`: the socket, session or server. */
function ownerOf(resource: object): Record<string, unknown> | undefined {
  for (const symbol of Object.getOwnPropertySymbols(resource)) {
    if (symbol.description === "owner_symbol") {
      const owner = (resource as Record<symbol, unknown>)[symbol];
      return typeof owner === "object" && owner !== null ? (owner as Record<string, unknown>) : undefined;
    }
  }
  return undefined;
}

/** The parts of a Timeout object this reads (node internals, read defensively). */
interface TimeoutLike {
  hasRef?: () => boolean;
  _destroyed?: boolean;
  _idleTimeout?: number;
  _repeat?: number | null;
  _onTimeout?: { name?: string } | null;
}

/** True when the resource is closed even though its destroy hook has not come yet. */
export function isClosed(type: string, resource: object): boolean {
  if (type === "Timeout") return (resource as TimeoutLike)._destroyed === true;
  return ownerOf(resource)?.destroyed === true;
}

/** True when the resource would not keep the process alive and holds nothing: an unref'ed timer. */
export function isHarmless(type: string, resource: object): boolean {
  if (type !== "Timeout") return false;
  const hasRef = (resource as TimeoutLike).hasRef;
  return typeof hasRef === "function" && !hasRef.call(resource);
}

/** What the resource is, in words, with addresses where the owner knows them. */
export function describeResource(type: string, resource: object): string {
  const owner = ownerOf(resource);
  switch (type) {
    case "Timeout":
      return describeTimer(resource as TimeoutLike);
    case "TCPWRAP":
      return `a TCP socket${socketEnds(owner)}`;
    case "TCPSERVERWRAP":
      return `a TCP listener${listenAddress(owner)}`;
    case "PIPEWRAP":
      return "a pipe or unix socket";
    case "PIPESERVERWRAP":
      return `a unix socket listener${listenAddress(owner)}`;
    case "TLSWRAP":
      return `a TLS socket${socketEnds(owner)}`;
    case "JSSTREAM":
      return "an in-memory connection (a socket over a JavaScript stream, as in-process channels use)";
    case "HTTP2SESSION":
      return owner?.constructor?.name === "ServerHttp2Session"
        ? "an HTTP/2 server session"
        : "an HTTP/2 client session";
    case "UDPWRAP":
      return "a UDP socket";
    case "PROCESSWRAP":
      return "a child process";
    default:
      return `a ${type}`;
  }
}

function describeTimer(timer: TimeoutLike): string {
  const kind = typeof timer._repeat === "number" ? "setInterval" : "setTimeout";
  const callback = timer._onTimeout?.name || "an anonymous function";
  const ms = typeof timer._idleTimeout === "number" && timer._idleTimeout >= 0 ? `, ${timer._idleTimeout} ms` : "";
  return `a ref'ed timer: ${kind}(${callback}${ms})`;
}

function socketEnds(owner: Record<string, unknown> | undefined): string {
  if (owner === undefined) return "";
  const { localAddress, localPort, remoteAddress, remotePort } = owner;
  if (localPort === undefined || remotePort === undefined) return "";
  return ` ${hostPort(localAddress, localPort)} → ${hostPort(remoteAddress, remotePort)}`;
}

function listenAddress(owner: Record<string, unknown> | undefined): string {
  const address = typeof owner?.address === "function" ? (owner.address as () => unknown).call(owner) : undefined;
  if (typeof address === "string") return ` on ${address}`;
  if (typeof address === "object" && address !== null) {
    const { address: host, port } = address as { address: string; port: number };
    return ` on ${hostPort(host, port)}`;
  }
  return "";
}

function hostPort(host: unknown, port: unknown): string {
  const h = String(host);
  return h.includes(":") ? `[${h}]:${port}` : `${h}:${port}`;
}
