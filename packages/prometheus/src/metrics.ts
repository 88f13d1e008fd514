import { Counter, Histogram, type Registry, register } from "prom-client";
import type { CodeLabelStyle } from "./labels.js";

/** Options of {@link createServerMetrics} and {@link createClientMetrics}. */
export interface PrometheusOptions {
  /**
   * The registry the metrics are registered in. Default: prom-client's global `register`, the one
   * a `/metrics` endpoint usually serves (with `collectDefaultMetrics()`), so gRPC metrics show up
   * next to the process metrics without wiring. Metrics already registered there under the same
   * name by an earlier `create*Metrics` are reused, so several servers or clients share them.
   */
  registry?: Registry;
  /** Record the `grpc_*_handling_seconds` histogram. Default true (go-grpc-prometheus makes it opt-in). */
  handlingTimeHistogram?: boolean;
  /**
   * Bucket upper bounds of the handling-time histogram, in seconds. Default: prom-client's defaults,
   * which are Prometheus' `DefBuckets` (.005 … 10), as go-grpc-prometheus uses.
   */
  buckets?: readonly number[];
  /** How `grpc_code` spells status codes. Default `"go"` (`OK`, `Canceled`, ...), as go-grpc-prometheus. */
  codeLabels?: CodeLabelStyle;
}

/** The labels of the started, message and histogram metrics. */
export type CallLabel = "grpc_type" | "grpc_service" | "grpc_method";
/** The labels of the handled counter. */
export type HandledLabel = CallLabel | "grpc_code";

const callLabels: readonly CallLabel[] = ["grpc_type", "grpc_service", "grpc_method"];
const handledLabels: readonly HandledLabel[] = [...callLabels, "grpc_code"];

/** The five metrics of one side (`server` or `client`). */
export interface SideMetrics {
  readonly started: Counter<CallLabel>;
  readonly handled: Counter<HandledLabel>;
  readonly received: Counter<CallLabel>;
  readonly sent: Counter<CallLabel>;
  readonly handling: Histogram<CallLabel> | undefined;
}

const help = {
  server: {
    started: "Total number of RPCs started on the server.",
    handled: "Total number of RPCs completed on the server, regardless of success or failure.",
    received: "Total number of RPC stream messages received on the server.",
    sent: "Total number of gRPC stream messages sent by the server.",
    handling: "Histogram of response latency (seconds) of gRPC that had been application-level handled by the server.",
  },
  client: {
    started: "Total number of RPCs started on the client.",
    handled: "Total number of RPCs completed by the client, regardless of success or failure.",
    received: "Total number of RPC stream messages received by the client.",
    sent: "Total number of gRPC stream messages sent by the client.",
    handling: "Histogram of response latency (seconds) of the gRPC until it is finished by the application.",
  },
} as const;

/** Creates, or finds in the registry, the metrics of `side`. */
export function sideMetrics(side: "server" | "client", options: PrometheusOptions): SideMetrics {
  const registry = options.registry ?? register;
  const text = help[side];
  const counter = <L extends string>(name: string, helpText: string, labelNames: readonly L[]): Counter<L> => {
    const existing = registry.getSingleMetric(name);
    if (existing instanceof Counter) return existing as Counter<L>;
    return new Counter<L>({ name, help: helpText, labelNames, registers: [registry] });
  };
  let handling: Histogram<CallLabel> | undefined;
  if (options.handlingTimeHistogram !== false) {
    const name = `grpc_${side}_handling_seconds`;
    const existing = registry.getSingleMetric(name);
    handling =
      existing instanceof Histogram
        ? (existing as Histogram<CallLabel>)
        : new Histogram<CallLabel>({
            name,
            help: text.handling,
            labelNames: callLabels,
            ...(options.buckets === undefined ? {} : { buckets: [...options.buckets] }),
            registers: [registry],
          });
  }
  return {
    started: counter(`grpc_${side}_started_total`, text.started, callLabels),
    handled: counter(`grpc_${side}_handled_total`, text.handled, handledLabels),
    received: counter(`grpc_${side}_msg_received_total`, text.received, callLabels),
    sent: counter(`grpc_${side}_msg_sent_total`, text.sent, callLabels),
    handling,
  };
}
