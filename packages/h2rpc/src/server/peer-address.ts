import type { Socket } from "node:net";

/** The remote address of a socket as `host:port` (`[v6]:port`), or `unix` / `unknown`. */
export function peerAddress(socket: Socket | undefined): string {
  if (socket === undefined) return "unknown";
  const { remoteAddress, remotePort } = socket;
  if (remoteAddress === undefined) return socket.remoteFamily === undefined ? "unix" : "unknown";
  return remoteAddress.includes(":") ? `[${remoteAddress}]:${remotePort}` : `${remoteAddress}:${remotePort}`;
}
