import {
  Code,
  type MethodDefinition,
  RpcError,
  type ServerCallRequest,
  type ServerInterceptor,
  type ServerNext,
  type ServiceDefinition,
} from "h2rpc";
import { type Registry, register } from "prom-client";
import { allCodes, type CodeLabelStyle, grpcCodeLabel, grpcType, serviceAndMethod } from "./labels.js";
import { type CallLabel, type PrometheusOptions, type SideMetrics, sideMetrics } from "./metrics.js";

/** Server-side gRPC metrics: an interceptor that records them, and the registry they are in. */
export interface ServerMetrics {
  /** Put it on the server, first (outermost): `createServer({ interceptors: [metrics.interceptor] })`. */
  readonly interceptor: ServerInterceptor;
  /** The registry the metrics are registered in; serve `await registry.metrics()` on `/metrics`. */
  readonly registry: Registry;
  /**
   * Creates every series of `services`' methods at zero (started, messages, histogram, and
   * handled for each status code), as go-grpc-prometheus' `InitializeMetrics` does, so rates and
   * alerts see a 0 before the first call instead of no data.
   */
  initialize(...services: ServiceDefinition[]): void;
}

/**
 * Server metrics with the go-grpc-prometheus names: `grpc_server_started_total`,
 * `grpc_server_handled_total` (with `grpc_code`), `grpc_server_msg_received_total`,
 * `grpc_server_msg_sent_total` and the `grpc_server_handling_seconds` histogram, labelled
 * `grpc_type` (unary, client_stream, server_stream, bidi_stream), `grpc_service`, `grpc_method`.
 */
export function createServerMetrics(options: PrometheusOptions = {}): ServerMetrics {
  const metrics = sideMetrics("server", options);
  const style = options.codeLabels ?? "go";
  return {
    interceptor: (request, next) => measured(request, next, metrics, style),
    registry: options.registry ?? register,
    initialize(...services) {
      for (const service of services) {
        for (const method of Object.values(service.methods)) initializeMethod(metrics, style, method);
      }
    },
  };
}

function initializeMethod(metrics: SideMetrics, style: CodeLabelStyle, method: MethodDefinition<any, any>): void {
  const labels = callLabels(method);
  metrics.started.inc(labels, 0);
  metrics.received.inc(labels, 0);
  metrics.sent.inc(labels, 0);
  metrics.handling?.zero(labels);
  for (const code of allCodes) metrics.handled.inc({ ...labels, grpc_code: grpcCodeLabel(code, style) }, 0);
}

/** The call labels of `method`. */
export function callLabels(method: MethodDefinition<any, any>): Record<CallLabel, string> {
  const { service, method: name } = serviceAndMethod(method);
  return { grpc_type: grpcType(method), grpc_service: service, grpc_method: name };
}

async function* measured(
  request: ServerCallRequest,
  next: ServerNext,
  metrics: SideMetrics,
  style: CodeLabelStyle,
): AsyncGenerator<unknown> {
  const labels = callLabels(request.method);
  const { signal } = request.context;
  metrics.started.inc(labels);
  const stopTimer = metrics.handling?.startTimer(labels);
  let finished = false;
  const finish = (code: Code): void => {
    if (finished) return;
    finished = true;
    signal.removeEventListener("abort", onAbort);
    metrics.handled.inc({ ...labels, grpc_code: grpcCodeLabel(code, style) });
    stopTimer?.();
  };
  // The call can end while the chain is suspended (deadline, client cancel, a response that could
  // not be sent): the signal says so, with the status as its reason.
  const onAbort = (): void => finish(abortCode(signal));
  if (signal.aborted) onAbort();
  else signal.addEventListener("abort", onAbort);

  const received = metrics.received.labels(labels);
  const sent = metrics.sent.labels(labels);
  const requests = (async function* () {
    for await (const m of request.requests) {
      received.inc();
      yield m;
    }
  })();
  let responses: AsyncIterator<unknown> | undefined;
  let settled = false;
  try {
    responses = next({ ...request, requests })[Symbol.asyncIterator]();
    for (;;) {
      const step = await responses.next();
      if (step.done) break;
      sent.inc();
      yield step.value;
    }
    settled = true;
    finish(signal.aborted ? abortCode(signal) : Code.OK);
  } catch (error) {
    settled = true;
    // as the server reports it: an RpcError's own status, else the call's abort reason, else UNKNOWN
    finish(error instanceof RpcError ? error.code : signal.aborted ? abortCode(signal) : Code.UNKNOWN);
    throw error;
  } finally {
    if (!settled) {
      try {
        await responses?.return?.();
      } finally {
        finish(abortCode(signal));
      }
    }
  }
}

/** The status a call's aborted signal carries (CANCELLED when it says nothing more). */
function abortCode(signal: AbortSignal): Code {
  return signal.aborted && signal.reason instanceof RpcError ? signal.reason.code : Code.CANCELLED;
}
