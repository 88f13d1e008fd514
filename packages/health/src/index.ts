// Public API of @h2rpc/health: gRPC health checking (grpc.health.v1.Health) for h2rpc servers.

export {
  createHealthClient,
  type HealthClient,
  type HealthServer,
  HealthService,
} from "./gen/grpc/health/v1/health.h2rpc.js";
export {
  HealthCheckRequest,
  HealthCheckResponse,
  HealthCheckResponse_ServingStatus,
} from "./gen/grpc/health/v1/health.js";
export {
  type AttachableServer,
  createHealth,
  type Health,
  type HealthOptions,
  type HealthStatus,
} from "./health.js";
