/** Schemes a channel target may start with; anything else is `host:port` resolved with DNS. */
const schemes = /^(dns|ipv4|ipv6|unix|unix-abstract|http|https|xds|passthrough):/i;

/**
 * The target as gRFC A66 records it in `grpc.target`: the target given to `createChannel`, with
 * `dns:///` in front when it names no scheme (`localhost:50051` → `dns:///localhost:50051`).
 */
export function canonicalTarget(target: string): string {
  return schemes.test(target) ? target : `dns:///${target}`;
}

/** Where a target points: the `server.address` / `server.port` span attributes. */
export interface ServerEndpoint {
  /** Host name, IP address or socket path. */
  readonly address: string;
  /** The port, when the target names one. */
  readonly port?: number;
}

/**
 * The server a channel target names, or undefined when it names several (`ipv4:a:1,b:2`) or
 * cannot be read. Only ports written in the target are reported.
 */
export function serverEndpoint(target: string): ServerEndpoint | undefined {
  let rest = target.trim();
  const scheme = schemes.exec(rest)?.[1]?.toLowerCase();
  if (scheme !== undefined) rest = rest.slice(scheme.length + 1);
  if (scheme === "unix" || scheme === "unix-abstract") {
    const path = rest.startsWith("//") ? rest.slice(2) : rest;
    return path === "" ? undefined : { address: path };
  }
  if (rest.startsWith("//")) {
    // dns://authority/host:port, dns:///host:port, https://host:port/...
    rest = rest.slice(2);
    const slash = rest.indexOf("/");
    if (scheme === "http" || scheme === "https") {
      if (slash >= 0) rest = rest.slice(0, slash);
    } else if (slash >= 0) {
      rest = rest.slice(slash + 1);
    }
  }
  if (rest === "" || rest.includes(",")) return undefined;
  return hostPort(rest);
}

/** Splits `host:port`, `[v6]:port`, `host` or a bare IPv6 address. */
export function hostPort(text: string): ServerEndpoint | undefined {
  if (text.startsWith("[")) {
    const close = text.indexOf("]");
    if (close < 0) return undefined;
    const address = text.slice(1, close);
    const port = portOf(text.slice(close + 1).replace(/^:/, ""));
    return port === undefined ? { address } : { address, port };
  }
  const colon = text.lastIndexOf(":");
  if (colon < 0 || text.indexOf(":") !== colon) return { address: text }; // no port, or a bare IPv6 address
  const port = portOf(text.slice(colon + 1));
  const address = text.slice(0, colon);
  return port === undefined ? { address } : { address, port };
}

function portOf(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port <= 65535 ? port : undefined;
}
