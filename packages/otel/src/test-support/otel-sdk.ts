import { context } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import {
  AggregationTemporality,
  type DataPoint,
  type Histogram,
  InMemoryMetricExporter,
  MeterProvider,
  type MetricData,
  PeriodicExportingMetricReader,
} from "@opentelemetry/sdk-metrics";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";

/** An in-memory OpenTelemetry SDK for one test file: providers to pass to the interceptors. */
export class TestSdk {
  readonly spans = new InMemorySpanExporter();
  readonly tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(this.spans)] });
  readonly metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  readonly reader = new PeriodicExportingMetricReader({
    exporter: this.metricExporter,
    exportIntervalMillis: 3_600_000,
  });
  readonly meterProvider = new MeterProvider({ readers: [this.reader] });
  readonly propagator = new W3CTraceContextPropagator();
  readonly #contextManager = new AsyncLocalStorageContextManager();

  /** Registers an AsyncLocalStorage context manager, as the Node SDK does. */
  start(): void {
    context.setGlobalContextManager(this.#contextManager.enable());
  }

  /** Unregisters the context manager and shuts the providers down. */
  async stop(): Promise<void> {
    context.disable();
    await this.tracerProvider.shutdown();
    await this.meterProvider.shutdown();
  }

  /** Finished spans so far. */
  finishedSpans(): ReadableSpan[] {
    return this.spans.getFinishedSpans();
  }

  /** Forgets recorded spans. */
  reset(): void {
    this.spans.reset();
  }

  /** Every metric recorded so far (cumulative), by name. */
  async metrics(): Promise<Map<string, MetricData>> {
    await this.reader.forceFlush();
    const exported = this.metricExporter.getMetrics().at(-1);
    const byName = new Map<string, MetricData>();
    for (const scope of exported?.scopeMetrics ?? []) {
      for (const metric of scope.metrics) byName.set(metric.descriptor.name, metric);
    }
    return byName;
  }
}

/** The data points of `metric` whose attributes include `match`. */
export function pointsMatching<T>(metric: MetricData | undefined, match: Record<string, unknown>): DataPoint<T>[] {
  const points = (metric?.dataPoints ?? []) as DataPoint<T>[];
  return points.filter((p) => Object.entries(match).every(([k, v]) => p.attributes[k] === v));
}

export type { Histogram, ReadableSpan };
