import {
  type Counter,
  type Histogram,
  type Meter,
  type MeterProvider,
  metrics,
  propagation,
  type Span,
  type TextMapPropagator,
  type Tracer,
  type TracerProvider,
  trace,
} from "@opentelemetry/api";
import { Code, type MessageType, RpcError } from "h2rpc";
import { A66_LATENCY_BUCKETS, A66_SIZE_BUCKETS, INSTRUMENTATION_NAME, INSTRUMENTATION_VERSION } from "./names.js";

/** Options shared by the client and the server interceptor. */
export interface OtelOptions {
  /** Where spans go. Default: the global tracer provider (`trace.getTracerProvider()`), looked up at the first call. */
  tracerProvider?: TracerProvider;
  /** Where metrics go. Default: the global meter provider (`metrics.getMeterProvider()`), looked up at the first call. */
  meterProvider?: MeterProvider;
  /** How trace context travels in metadata. Default: the global propagator (`propagation`), W3C `traceparent` once an SDK registers it. */
  propagator?: TextMapPropagator;
  /** Record spans. Default true. Trace context is propagated either way. */
  tracing?: boolean;
  /** Record the gRFC A66 metrics. Default true. */
  metrics?: boolean;
  /** Add an `rpc.message` event to the span for every message sent and received. Default true. */
  messageEvents?: boolean;
}

/** The options with their defaults applied; providers are looked up lazily. */
export class Telemetry {
  readonly #options: OtelOptions;
  #tracer: Tracer | undefined;
  #meter: Meter | undefined;

  constructor(options: OtelOptions) {
    this.#options = options;
  }

  /** True when spans are recorded. */
  get tracing(): boolean {
    return this.#options.tracing !== false;
  }

  /** True when metrics are recorded. */
  get metrics(): boolean {
    return this.#options.metrics !== false;
  }

  /** True when message events are added to recording spans. */
  get messageEvents(): boolean {
    return this.#options.messageEvents !== false;
  }

  /** The propagator: the option, else the global one (read per call, so a later SDK registration counts). */
  get propagator(): TextMapPropagator {
    return this.#options.propagator ?? propagation;
  }

  /** The tracer, created on first use. */
  get tracer(): Tracer {
    this.#tracer ??= (this.#options.tracerProvider ?? trace.getTracerProvider()).getTracer(
      INSTRUMENTATION_NAME,
      INSTRUMENTATION_VERSION,
    );
    return this.#tracer;
  }

  /** The meter, created on first use. */
  get meter(): Meter {
    this.#meter ??= (this.#options.meterProvider ?? metrics.getMeterProvider()).getMeter(
      INSTRUMENTATION_NAME,
      INSTRUMENTATION_VERSION,
    );
    return this.#meter;
  }
}

/** A counter with the unit and description A66 gives it. */
export function counter(meter: Meter, name: string, unit: string, description: string): Counter {
  return meter.createCounter(name, { unit, description });
}

/** A latency histogram in seconds with A66's boundaries as advice. */
export function latencyHistogram(meter: Meter, name: string, description: string): Histogram {
  return meter.createHistogram(name, {
    unit: "s",
    description,
    advice: { explicitBucketBoundaries: [...A66_LATENCY_BUCKETS] },
  });
}

/** A size histogram in bytes with A66's boundaries as advice. */
export function sizeHistogram(meter: Meter, name: string, description: string): Histogram {
  return meter.createHistogram(name, {
    unit: "By",
    description,
    advice: { explicitBucketBoundaries: [...A66_SIZE_BUCKETS] },
  });
}

/**
 * The encoded length of `message` in bytes (`type.encode(type.fromPartial(message))`): the
 * uncompressed protobuf payload, without the 5-byte gRPC frame header. 0 when it does not encode.
 */
export function encodedSize(type: MessageType<unknown>, message: unknown): number {
  try {
    return type.encode(type.fromPartial(message as never)).finish().length;
  } catch {
    return 0;
  }
}

/** The status code an error ends a call with: its own for an RpcError, else UNKNOWN. */
export function codeOf(error: unknown): Code {
  return error instanceof RpcError ? error.code : Code.UNKNOWN;
}

/** The status message to show on a span for `error` (an error, or a message). */
export function messageOf(error: unknown): string | undefined {
  if (typeof error === "string") return error;
  if (error instanceof RpcError) return error.rawMessage === "" ? undefined : error.rawMessage;
  return error instanceof Error ? error.message : undefined;
}

/** Counts and sizes of the messages of one call, in one direction. */
export class MessageTally {
  /** Messages so far. */
  count = 0;
  /** Their total encoded size in bytes (when measured). */
  bytes = 0;

  /**
   * Counts one message; measures it when `measure` and, when `span` is given, adds an
   * `rpc.message` event of `direction` to it.
   */
  add(
    type: MessageType<unknown>,
    message: unknown,
    measure: boolean,
    span: Span | undefined,
    direction: "SENT" | "RECEIVED",
  ): void {
    this.count++;
    const size = measure || span !== undefined ? encodedSize(type, message) : 0;
    this.bytes += size;
    span?.addEvent("rpc.message", {
      "rpc.message.type": direction,
      "rpc.message.id": this.count,
      "rpc.message.uncompressed_size": size,
    });
  }
}

/** Passes `source` through, calling `observe` on every message before it goes on. */
export async function* tally<T>(source: AsyncIterable<T>, observe: (message: T) => void): AsyncGenerator<T> {
  for await (const m of source) {
    observe(m);
    yield m;
  }
}
