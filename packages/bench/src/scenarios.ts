/** What one call of a scenario does; each maps to a method of bench.BenchService. */
export type CallKind = "echo" | "echoComplex" | "download" | "upload" | "pingPong";

/** What a scenario's throughput counts. */
export type Unit = "call" | "msg" | "round trip";

/** One measured exchange, run the same way against every implementation. */
export interface Scenario {
  /** Stable id, used by `--only` and in JSON output. */
  readonly id: string;
  /** Human label for the report. */
  readonly title: string;
  readonly kind: CallKind;
  /** Body bytes of each request message (echo, upload, ping-pong) or response message (download). */
  readonly payloadBytes: number;
  /** Calls in flight at once, spread round-robin over the connections. */
  readonly concurrency: number;
  /** HTTP/2 connections the client opens. */
  readonly connections: number;
  /** Messages per call for streams (download, upload); 1 otherwise. */
  readonly messagesPerCall: number;
  readonly unit: Unit;
  /**
   * Payload bytes moved per unit, for MB/s: both directions for echo (request + response),
   * one direction for streams. 0 when MB/s means nothing (small or structured messages).
   */
  readonly bytesPerUnit: number;
  /** Upper bound on units per millisecond of measurement: the loops' count limit, far above reach. */
  readonly maxUnitsPerMs: number;
  /** Also measured with the h2rpc and grpc-js clients against the bare server (client CPU cost). */
  readonly clientCost: boolean;
}

const KiB = 1024;
const MiB = 1024 * KiB;

function unary100(concurrency: number, connections: number, clientCost = false): Scenario {
  return {
    id: `unary-100b-c${concurrency}-x${connections}`,
    title: `unary 100 B, c=${concurrency}, ${connections} conn`,
    kind: "echo",
    payloadBytes: 100,
    concurrency,
    connections,
    messagesPerCall: 1,
    unit: "call",
    bytesPerUnit: 0,
    maxUnitsPerMs: 200,
    clientCost,
  };
}

/** Every scenario, in report order. */
export const SCENARIOS: readonly Scenario[] = [
  unary100(1, 1, true),
  unary100(10, 1),
  unary100(100, 1, true),
  unary100(1, 4),
  unary100(10, 4),
  unary100(100, 4),
  {
    id: "unary-1mib-c1-x1",
    title: "unary 1 MiB echo, c=1",
    kind: "echo",
    payloadBytes: MiB,
    concurrency: 1,
    connections: 1,
    messagesPerCall: 1,
    unit: "call",
    bytesPerUnit: 2 * MiB,
    maxUnitsPerMs: 10,
    clientCost: false,
  },
  {
    id: "complex-c10-x1",
    title: "unary complex message, c=10",
    kind: "echoComplex",
    payloadBytes: 0,
    concurrency: 10,
    connections: 1,
    messagesPerCall: 1,
    unit: "call",
    bytesPerUnit: 0,
    maxUnitsPerMs: 200,
    clientCost: true,
  },
  {
    id: "server-stream-1kib",
    title: "server streaming 1 KiB × 1000",
    kind: "download",
    payloadBytes: KiB,
    concurrency: 1,
    connections: 1,
    messagesPerCall: 1000,
    unit: "msg",
    bytesPerUnit: KiB,
    maxUnitsPerMs: 2000,
    clientCost: true,
  },
  {
    id: "client-stream-1kib",
    title: "client streaming 1 KiB × 1000",
    kind: "upload",
    payloadBytes: KiB,
    concurrency: 1,
    connections: 1,
    messagesPerCall: 1000,
    unit: "msg",
    bytesPerUnit: KiB,
    maxUnitsPerMs: 2000,
    clientCost: false,
  },
  {
    id: "ping-pong-100b",
    title: "bidi ping-pong 100 B",
    kind: "pingPong",
    payloadBytes: 100,
    concurrency: 1,
    connections: 1,
    messagesPerCall: 1,
    unit: "round trip",
    bytesPerUnit: 0,
    maxUnitsPerMs: 200,
    clientCost: false,
  },
];

/** Scenarios whose id contains one of `filters` (all when the list is empty). */
export function selectScenarios(filters: readonly string[]): Scenario[] {
  if (filters.length === 0) return [...SCENARIOS];
  return SCENARIOS.filter((s) => filters.some((f) => s.id.includes(f)));
}

/** The count limit of a measured window of `durationMs` (at least 1). */
export function maxUnits(scenario: Scenario, durationMs: number): number {
  return Math.max(1, Math.ceil(scenario.maxUnitsPerMs * durationMs));
}
