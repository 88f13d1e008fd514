// Public API of @h2rpc/otel.

export { type OtelClientOptions, otelClientInterceptor } from "./client.js";
export type { OtelOptions } from "./common.js";
export { metadataGetter, metadataSetter } from "./metadata-carrier.js";
export {
  A66_LATENCY_BUCKETS,
  A66_SIZE_BUCKETS,
  INSTRUMENTATION_NAME,
  INSTRUMENTATION_VERSION,
  MetricNames,
} from "./names.js";
export { type OtelServerOptions, otelServerInterceptor, SERVER_ERROR_CODES } from "./server.js";
export { canonicalTarget, type ServerEndpoint, serverEndpoint } from "./target.js";
