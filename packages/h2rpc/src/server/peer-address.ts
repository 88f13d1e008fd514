import type { Socket } from "node:net";

const peerOfSession = new WeakMap<object, string>();

/** The peer of a server session, worked out once per connection (node's socket getter is a Proxy). */
export function sessionPeer(session: { readonly socket?: Socket } | undefined): string {
  if (session === undefined) return "unknown";
  let peer = peerOfSession.get(session);
  if (peer === undefined) {
    peer = peerAddress(session.socket);
    peerOfSession.set(session, peer);
  }
  return peer;
}

/** The remote address of a socket as `host:port` (`[v6]:port`), or `unix` / `unknown`. */
export function peerAddress(socket: Socket | undefined): string {
  if (socket === undefined) return "unknown";
  const { remoteAddress, remotePort } = socket;
  if (remoteAddress === undefined) return socket.remoteFamily === undefined ? "unix" : "unknown";
  return remoteAddress.includes(":") ? `[${remoteAddress}]:${remotePort}` : `${remoteAddress}:${remotePort}`;
}
