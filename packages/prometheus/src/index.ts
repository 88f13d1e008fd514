// Public API of @h2rpc/prometheus.

export { type ClientMetrics, createClientMetrics } from "./client.js";
export { type CodeLabelStyle, type GrpcType, grpcCodeLabel, grpcType } from "./labels.js";
export type { CallLabel, HandledLabel, PrometheusOptions } from "./metrics.js";
export { createServerMetrics, type ServerMetrics } from "./server.js";
