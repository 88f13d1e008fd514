import type { MethodDefinition } from "h2rpc";

/** The instrumentation scope (tracer and meter name) this package reports under. */
export const INSTRUMENTATION_NAME = "@h2rpc/otel";

/** This package's version, reported as the instrumentation scope version. */
export const INSTRUMENTATION_VERSION = "0.1.0";

/**
 * Histogram boundaries for latencies in seconds, from gRFC A66 ("Latency" buckets), given to the
 * SDK as advice on every duration histogram.
 */
export const A66_LATENCY_BUCKETS: readonly number[] = [
  0, 0.00001, 0.00005, 0.0001, 0.0003, 0.0006, 0.0008, 0.001, 0.002, 0.003, 0.004, 0.005, 0.006, 0.008, 0.01, 0.013,
  0.016, 0.02, 0.025, 0.03, 0.04, 0.05, 0.065, 0.08, 0.1, 0.13, 0.16, 0.2, 0.25, 0.3, 0.4, 0.5, 0.65, 0.8, 1, 2, 5, 10,
  20, 50, 100,
];

/**
 * Histogram boundaries for sizes in bytes, from gRFC A66 ("Size" buckets), given to the SDK as
 * advice on every message-size histogram.
 */
export const A66_SIZE_BUCKETS: readonly number[] = [
  0, 1024, 2048, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864, 268435456, 1073741824, 4294967296,
];

/** The gRFC A66 instrument names this package records. */
export const MetricNames = {
  /** Counter, `{attempt}`: attempts started (here: calls, see the README). Attributes: grpc.method, grpc.target. */
  clientAttemptStarted: "grpc.client.attempt.started",
  /** Histogram, `s`. Attributes: grpc.method, grpc.target, grpc.status. */
  clientAttemptDuration: "grpc.client.attempt.duration",
  /** Histogram, `By`: encoded request bytes per attempt. Attributes: grpc.method, grpc.target, grpc.status. */
  clientAttemptSentTotalCompressedMessageSize: "grpc.client.attempt.sent_total_compressed_message_size",
  /** Histogram, `By`: encoded response bytes per attempt. Attributes: grpc.method, grpc.target, grpc.status. */
  clientAttemptRcvdTotalCompressedMessageSize: "grpc.client.attempt.rcvd_total_compressed_message_size",
  /** Histogram, `s`: the call as the application sees it. Attributes: grpc.method, grpc.target, grpc.status. */
  clientCallDuration: "grpc.client.call.duration",
  /** Counter, `{call}`. Attributes: grpc.method. */
  serverCallStarted: "grpc.server.call.started",
  /** Histogram, `s`. Attributes: grpc.method, grpc.status. */
  serverCallDuration: "grpc.server.call.duration",
  /** Histogram, `By`: encoded response bytes per call. Attributes: grpc.method, grpc.status. */
  serverCallSentTotalCompressedMessageSize: "grpc.server.call.sent_total_compressed_message_size",
  /** Histogram, `By`: encoded request bytes per call. Attributes: grpc.method, grpc.status. */
  serverCallRcvdTotalCompressedMessageSize: "grpc.server.call.rcvd_total_compressed_message_size",
} as const;

/** The names of one method, derived from its `:path` (`/package.Service/Method`). */
export interface MethodNames {
  /** `package.Service/Method`: the span name and the A66 `grpc.method` attribute. */
  readonly fullMethod: string;
  /** `package.Service`: the `rpc.service` attribute. */
  readonly service: string;
  /** `Method`: the `rpc.method` attribute. */
  readonly method: string;
}

const namesCache = new WeakMap<object, MethodNames>();

/** The {@link MethodNames} of `method`, computed once per method definition. */
export function methodNames(method: MethodDefinition<unknown, unknown>): MethodNames {
  let names = namesCache.get(method);
  if (names === undefined) {
    const fullMethod = method.path.startsWith("/") ? method.path.slice(1) : method.path;
    const slash = fullMethod.lastIndexOf("/");
    names = {
      fullMethod,
      service: slash < 0 ? "" : fullMethod.slice(0, slash),
      method: slash < 0 ? fullMethod : fullMethod.slice(slash + 1),
    };
    namesCache.set(method, names);
  }
  return names;
}
