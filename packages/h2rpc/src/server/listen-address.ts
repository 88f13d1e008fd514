/** Where a server listens: a TCP host and port, or a unix socket path. */
export type ListenAddress = { kind: "tcp"; host: string | undefined; port: number } | { kind: "unix"; path: string };

/**
 * Parses a listen address: a port number, `":port"`, `"host:port"`, `"[::1]:port"` or
 * `"unix:/path"`. Port 0 picks a free port. @throws TypeError for anything else.
 */
export function parseListenAddress(address: string | number): ListenAddress {
  if (typeof address === "number") return { kind: "tcp", host: undefined, port: checkPort(address, String(address)) };
  if (address.startsWith("unix:")) return { kind: "unix", path: address.slice(address.startsWith("unix://") ? 7 : 5) };
  let host: string | undefined;
  let portText: string;
  if (address.startsWith("[")) {
    const close = address.indexOf("]:");
    if (close < 0) throw badAddress(address);
    host = address.slice(1, close);
    portText = address.slice(close + 2);
  } else {
    const colon = address.lastIndexOf(":");
    if (colon < 0) throw badAddress(address);
    host = address.slice(0, colon) || undefined;
    portText = address.slice(colon + 1);
  }
  if (!/^\d+$/.test(portText)) throw badAddress(address);
  return { kind: "tcp", host, port: checkPort(Number(portText), address) };
}

function checkPort(port: number, address: string): number {
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw badAddress(address);
  return port;
}

function badAddress(address: string): TypeError {
  return new TypeError(
    `Cannot listen on ${JSON.stringify(address)}: use a port number, "host:port", "[::1]:port", ":port" or "unix:/path"`,
  );
}
