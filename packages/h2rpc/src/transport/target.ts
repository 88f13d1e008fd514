/** Where a channel connects: a TCP host and port, or a unix socket. */
export type Target =
  | { kind: "tcp"; host: string; port: number; authority: string }
  | { kind: "unix"; path: string; authority: string };

const defaultPort = 443;

/**
 * Parses a channel target: `host:port`, `[ipv6]:port`, `dns:host:port`, `ipv4:1.2.3.4:port`,
 * `ipv6:[::1]:port`, `unix:/path/to.sock`, or `http://host:port`. A missing port means 443.
 * @throws TypeError for a target it cannot read, saying the accepted forms.
 */
export function parseTarget(target: string): Target {
  let rest = target.trim();
  if (rest.startsWith("unix:")) {
    const path = rest.slice(rest.startsWith("unix://") ? 7 : 5);
    if (path === "") throw badTarget(target);
    return { kind: "unix", path, authority: "localhost" };
  }
  for (const prefix of ["dns:///", "dns:", "ipv4:", "ipv6:", "http://", "https://"]) {
    if (rest.startsWith(prefix)) {
      rest = rest.slice(prefix.length);
      break;
    }
  }
  rest = rest.replace(/\/+$/, "");
  let host: string;
  let portText: string | undefined;
  if (rest.startsWith("[")) {
    const close = rest.indexOf("]");
    if (close < 0) throw badTarget(target);
    host = rest.slice(1, close);
    const after = rest.slice(close + 1);
    if (after !== "" && !after.startsWith(":")) throw badTarget(target);
    portText = after === "" ? undefined : after.slice(1);
  } else {
    const colon = rest.lastIndexOf(":");
    if (colon >= 0 && rest.indexOf(":") !== colon) {
      host = rest; // bare IPv6 without port
    } else {
      host = colon < 0 ? rest : rest.slice(0, colon);
      portText = colon < 0 ? undefined : rest.slice(colon + 1);
    }
  }
  const port = portText === undefined ? defaultPort : Number(portText);
  if (host === "" || !Number.isInteger(port) || port < 0 || port > 65535) throw badTarget(target);
  const hostForUrl = host.includes(":") ? `[${host}]` : host;
  return { kind: "tcp", host, port, authority: `${hostForUrl}:${port}` };
}

function badTarget(target: string): TypeError {
  return new TypeError(
    `Cannot parse target ${JSON.stringify(target)}: use "host:port", "[::1]:port", "dns:host:port" or "unix:/path/to.sock"`,
  );
}
