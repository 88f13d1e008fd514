/** One host and port of a target. */
export interface HostPort {
  host: string;
  port: number;
}

/** Where a channel connects: TCP host(s) and port, or a unix socket. */
export type Target =
  | { kind: "tcp"; host: string; port: number; authority: string; hosts?: HostPort[]; tls?: boolean }
  | { kind: "unix"; path: string; authority: string; tls?: boolean };

const defaultPort = 443;

/**
 * Parses a channel target: `host:port`, `[ipv6]:port`, `dns:host:port`, `dns:///host:port`,
 * `ipv4:1.2.3.4:50051,1.2.3.5:50051`, `ipv6:[::1]:50051,[::2]:50051`, `unix:/path/to.sock`,
 * or `http://host:port`. A missing port means 443.
 * @throws TypeError for a target it cannot read, saying the accepted forms.
 */
export function parseTarget(target: string): Target {
  let rest = target.trim();
  if (rest.startsWith("unix:")) {
    const path = rest.slice(rest.startsWith("unix://") ? 7 : 5);
    if (path === "") throw badTarget(target);
    return { kind: "unix", path, authority: "localhost" };
  }
  if (rest.startsWith("ipv4:") || rest.startsWith("ipv6:")) {
    const hosts = rest
      .slice(5)
      .split(",")
      .map((part) => parseHostPort(part.trim(), target));
    const first = hosts[0] as HostPort;
    return { kind: "tcp", ...first, authority: authorityOf(first), hosts };
  }
  const tls = rest.startsWith("https://");
  for (const prefix of ["dns:///", "dns:", "http://", "https://"]) {
    if (rest.startsWith(prefix)) {
      rest = rest.slice(prefix.length);
      break;
    }
  }
  const hostPort = parseHostPort(rest.replace(/\/+$/, ""), target);
  return tls
    ? { kind: "tcp", ...hostPort, authority: authorityOf(hostPort), tls }
    : { kind: "tcp", ...hostPort, authority: authorityOf(hostPort) };
}

function parseHostPort(text: string, target: string): HostPort {
  let host: string;
  let portText: string | undefined;
  if (text.startsWith("[")) {
    const close = text.indexOf("]");
    if (close < 0) throw badTarget(target);
    host = text.slice(1, close);
    const after = text.slice(close + 1);
    if (after !== "" && !after.startsWith(":")) throw badTarget(target);
    portText = after === "" ? undefined : after.slice(1);
  } else {
    const colon = text.lastIndexOf(":");
    if (colon >= 0 && text.indexOf(":") !== colon) {
      host = text; // bare IPv6 without port
    } else {
      host = colon < 0 ? text : text.slice(0, colon);
      portText = colon < 0 ? undefined : text.slice(colon + 1);
    }
  }
  const port = portText === undefined ? defaultPort : Number(portText);
  if (host === "" || !Number.isInteger(port) || port < 0 || port > 65535 || portText === "") throw badTarget(target);
  return { host, port };
}

function authorityOf({ host, port }: HostPort): string {
  return `${host.includes(":") ? `[${host}]` : host}:${port}`;
}

function badTarget(target: string): TypeError {
  return new TypeError(
    `Cannot parse target ${JSON.stringify(target)}: use "host:port", "[::1]:port", "dns:host:port", ` +
      `"ipv4:10.0.0.1:50051,10.0.0.2:50051" or "unix:/path/to.sock"`,
  );
}
