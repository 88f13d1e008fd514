import { frame, requestHeaders } from "./bare/framing.js";
import { DownloadRequest, HoldRequest, Order, Order_Status, Payload } from "./gen/bench/bench.js";
import type { Scenario } from "./scenarios.js";

/** What every workload carries: the method, and what the bare client sends as is. */
interface WorkloadBase {
  /** `/bench.BenchService/<Method>`. */
  path: string;
  /** The request headers, written by hand (bare client). */
  headers: Record<string, string>;
  /** The request message, encoded and framed once (bare client). */
  frame: Buffer;
}

/**
 * The messages of one scenario, built once before a run: the typed message the h2rpc and grpc-js
 * clients send, and its pre-encoded gRPC frame for the bare client.
 */
export type Workload = WorkloadBase &
  (
    | { kind: "echo"; message: Payload; responseBodyBytes: number }
    | { kind: "echoComplex"; message: Order; responseBodyBytes: number }
    | { kind: "download"; message: DownloadRequest; messagesPerCall: number }
    | { kind: "upload"; message: Payload; messages: readonly Payload[]; messagesPerCall: number }
    | { kind: "pingPong"; message: Payload }
    | { kind: "hold"; message: HoldRequest }
  );

function base(method: string, encoded: Uint8Array): WorkloadBase {
  const path = `/bench.BenchService/${method}`;
  return { path, headers: requestHeaders(path), frame: frame(encoded) };
}

/** The workload of `scenario`. */
export function scenarioWorkload(scenario: Scenario): Workload {
  switch (scenario.kind) {
    case "echo": {
      const message = payload(scenario.payloadBytes);
      const encoded = Payload.encode(message).finish();
      return { kind: "echo", ...base("Echo", encoded), message, responseBodyBytes: encoded.length };
    }
    case "echoComplex": {
      const message = sampleOrder();
      const encoded = Order.encode(message).finish();
      return { kind: "echoComplex", ...base("EchoComplex", encoded), message, responseBodyBytes: encoded.length };
    }
    case "download": {
      const message: DownloadRequest = { count: scenario.messagesPerCall, size: scenario.payloadBytes };
      const encoded = DownloadRequest.encode(message).finish();
      return { kind: "download", ...base("Download", encoded), message, messagesPerCall: scenario.messagesPerCall };
    }
    case "upload": {
      const message = payload(scenario.payloadBytes);
      const messages = new Array<Payload>(scenario.messagesPerCall).fill(message);
      const encoded = Payload.encode(message).finish();
      return { kind: "upload", ...base("Upload", encoded), message, messages, messagesPerCall: messages.length };
    }
    case "pingPong": {
      const message = payload(scenario.payloadBytes);
      return { kind: "pingPong", ...base("PingPong", Payload.encode(message).finish()), message };
    }
  }
}

/** The workload of a Hold call the server answers after `delayMs`, or sooner on release (memory probes). */
export function holdWorkload(delayMs: number): Workload {
  const message: HoldRequest = { delayMs };
  return { kind: "hold", ...base("Hold", HoldRequest.encode(message).finish()), message };
}

/** A Payload whose body is `bytes` long (a repeating byte pattern). */
export function payload(bytes: number): Payload {
  const body = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i++) body[i] = (i * 31 + 7) & 0xff;
  return { body };
}

/**
 * The "complex" message: an order with a customer, two addresses, eight line items with nested
 * prices and attribute lists, tags and 64-bit numbers (about 1 KiB encoded).
 */
export function sampleOrder(): Order {
  const address = (city: string) => ({
    lines: ["1 Long Street", "Floor 3"],
    city,
    postalCode: "75001",
    country: "FR",
  });
  return {
    id: "order-7f3c2a9e-4b1d-4e0a-9c55-2d8f6b1a0e42",
    createdAtMs: 1_732_000_000_123n,
    customer: {
      id: "cust-000042",
      name: "Ada Lovelace",
      email: "ada@example.com",
      addresses: [address("Paris"), address("London")],
    },
    items: Array.from({ length: 8 }, (_, i) => ({
      sku: `SKU-${1000 + i}`,
      title: `Item number ${i}, a product with a reasonably long title`,
      quantity: i + 1,
      unitPrice: { currency: "EUR", minorUnits: BigInt(1999 + i * 100) },
      attributes: ["colour:blue", "size:M", `batch:${i}`],
    })),
    tags: ["priority", "gift", "eu", "repeat-customer"],
    total: { currency: "EUR", minorUnits: 123_456n },
    status: Order_Status.STATUS_PLACED,
  };
}

/** The value cached under `key`, made by `make` the first time (servers cache response bodies by size). */
export function cached<K, V>(cache: Map<K, V>, key: K, make: (key: K) => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    value = make(key);
    cache.set(key, value);
  }
  return value;
}
