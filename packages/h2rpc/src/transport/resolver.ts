import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import type { Target } from "./target.js";

/** One address a channel can connect to. */
export type Address = { kind: "tcp"; host: string; port: number } | { kind: "unix"; path: string };

/** Turns a target into addresses. Plug in your own for service discovery. */
export interface Resolver {
  /** The current addresses of `target`; rejects when none can be found. */
  resolve(target: Target): Promise<Address[]>;
}

/** A stable key for an address, e.g. `127.0.0.1:50051`, `[::1]:50051` or `unix:/tmp/s`. */
export function addressKey(address: Address): string {
  if (address.kind === "unix") return `unix:${address.path}`;
  return address.host.includes(":") ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}

/**
 * The default resolver: IP literals and `ipv4:`/`ipv6:` lists as given, unix sockets as given,
 * host names through the system resolver (every A and AAAA record, in the order it returns).
 */
export const defaultResolver: Resolver = {
  async resolve(target) {
    if (target.kind === "unix") return [{ kind: "unix", path: target.path }];
    const hosts = target.hosts ?? [{ host: target.host, port: target.port }];
    const out: Address[] = [];
    for (const { host, port } of hosts) {
      if (isIP(host) !== 0) {
        out.push({ kind: "tcp", host, port });
        continue;
      }
      const records = await lookup(host, { all: true, verbatim: true });
      for (const r of records) out.push({ kind: "tcp", host: r.address, port });
    }
    if (out.length === 0) throw new Error(`no addresses for ${target.authority}`);
    return out;
  },
};
