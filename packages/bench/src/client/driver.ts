import type { ImplName } from "../impls.js";
import type { Workload } from "../workload.js";

/** Limits and a per-round-trip callback for a ping-pong stream. */
export interface PingPongPlan {
  /** Most round trips. */
  maxRoundTrips: number;
  /** Stop sending at this `performance.now()` time. */
  deadline: number;
  /** Called with each round trip's time, ms. */
  onRoundTrip(ms: number): void;
}

/** One implementation's client, connected to a benchmark server. */
export interface ClientDriver {
  /** One call of `workload` on connection `connection`; resolves with the units moved (messages for streams, else 1). */
  call(connection: number, workload: Workload): Promise<number>;
  /** Ping-pong of a `pingPong` workload on one stream of connection 0; resolves with the round trips done. */
  pingPong(workload: Workload, plan: PingPongPlan): Promise<number>;
  /** Closes every connection. */
  close(): Promise<void>;
}

/** Options of {@link createDriver}. */
export interface DriverOptions {
  /** Port of the server on 127.0.0.1. */
  port: number;
  /** HTTP/2 connections to open (each its own channel, client or session). */
  connections: number;
}

/** Creates the client driver of `impl`. Connections open lazily, on the first call. */
export async function createDriver(impl: ImplName, options: DriverOptions): Promise<ClientDriver> {
  switch (impl) {
    case "h2rpc":
      return (await import("./h2rpc-driver.js")).createH2rpcDriver(options);
    case "bare":
      return (await import("./bare-driver.js")).createBareDriver(options);
    case "grpc-js":
      return (await import("./grpc-js-driver.js")).createGrpcJsDriver(options);
  }
}

/** A failure of a call whose response did not have the expected shape. */
export function unexpected(what: string): Error {
  return new Error(`unexpected response: ${what}`);
}
