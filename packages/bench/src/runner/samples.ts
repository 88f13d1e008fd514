import type { ImplName } from "../impls.js";
import type { LoadResult } from "../ipc.js";

/** One measured run: a scenario, a server, a client, a round. */
export interface RunSample {
  scenarioId: string;
  server: ImplName;
  client: ImplName;
  round: number;
  result: LoadResult;
  /** CPU time of the server process over the run's window, µs. */
  serverCpuUs: number;
}

/** One round of the memory probes for one implementation (client and server of that implementation). */
export interface MemorySample {
  impl: ImplName;
  round: number;
  /** Client heap per idle session (channel/client + one HTTP/2 connection after one call), bytes. */
  clientIdleSessionBytes: number;
  /** Server heap per idle connection, bytes. */
  serverIdleConnectionBytes: number;
  /** Client heap per unary call in flight, bytes. */
  clientInflightCallBytes: number;
  /** Server heap per unary call in flight (waiting in its handler), bytes. */
  serverInflightCallBytes: number;
  /** Calls the server saw waiting when its heap was measured (of the calls started). */
  serverHolding: number;
  inflightCalls: number;
  failures: number;
}

/** One h2load run against one server. */
export interface H2loadSample {
  scenarioId: string;
  server: ImplName;
  round: number;
  requests: number;
  succeeded: number;
  elapsedMs: number;
  serverCpuUs: number;
  p50Ms: number;
  p99Ms: number;
}
