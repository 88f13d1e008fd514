/** One `grpc_server_handled_total` sample. */
export interface HandledCount {
  /** Short service name, e.g. `Pricing`. */
  readonly service: string;
  /** The method, e.g. `WatchPrices`. */
  readonly method: string;
  /** The code label, go-grpc-prometheus spelling: `OK`, `Canceled`, `DeadlineExceeded`, ... */
  readonly code: string;
  /** Calls handled with that code. */
  readonly count: number;
}

const handledLine =
  /^grpc_server_handled_total\{grpc_type="[^"]*",grpc_service="([^"]*)",grpc_method="([^"]*)",grpc_code="([^"]*)"\} (\d+)$/;

/** The non-zero `grpc_server_handled_total` samples of a `/metrics` text, for `services` only (full names). */
export function handledCounts(metricsText: string, services: readonly string[]): HandledCount[] {
  const counts: HandledCount[] = [];
  for (const line of metricsText.split("\n")) {
    const match = handledLine.exec(line);
    if (!match || !services.includes(match[1]!) || match[4] === "0") continue;
    counts.push({ service: match[1]!.split(".").at(-1)!, method: match[2]!, code: match[3]!, count: Number(match[4]) });
  }
  return counts;
}

/** Fetches `http://127.0.0.1:<port>/metrics`. */
export async function scrapeMetrics(port: number): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  if (!response.ok) throw new Error(`GET /metrics on port ${port}: ${response.status}`);
  return response.text();
}
