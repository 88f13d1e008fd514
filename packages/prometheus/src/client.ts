import { type ClientCallResponse, type ClientInterceptor, Code, RpcError } from "h2rpc";
import { type Registry, register } from "prom-client";
import { grpcCodeLabel } from "./labels.js";
import { type PrometheusOptions, sideMetrics } from "./metrics.js";
import { callLabels } from "./server.js";

/** Client-side gRPC metrics: an interceptor that records them, and the registry they are in. */
export interface ClientMetrics {
  /** Put it on a channel or client, first (outermost): `createChannel(target, { interceptors: [metrics.interceptor] })`. */
  readonly interceptor: ClientInterceptor;
  /** The registry the metrics are registered in. */
  readonly registry: Registry;
}

/**
 * Client metrics with the go-grpc-prometheus names: `grpc_client_started_total`,
 * `grpc_client_handled_total` (with `grpc_code`), `grpc_client_msg_received_total`,
 * `grpc_client_msg_sent_total` and the `grpc_client_handling_seconds` histogram, labelled
 * `grpc_type`, `grpc_service`, `grpc_method`. A call is handled when the application has its
 * status: the last response read, the error thrown, or `Canceled` when it stops reading early.
 */
export function createClientMetrics(options: PrometheusOptions = {}): ClientMetrics {
  const metrics = sideMetrics("client", options);
  const style = options.codeLabels ?? "go";
  const interceptor: ClientInterceptor = async (request, next) => {
    const labels = callLabels(request.method);
    metrics.started.inc(labels);
    const stopTimer = metrics.handling?.startTimer(labels);
    let finished = false;
    const finish = (code: Code): void => {
      if (finished) return;
      finished = true;
      metrics.handled.inc({ ...labels, grpc_code: grpcCodeLabel(code, style) });
      stopTimer?.();
    };
    const sent = metrics.sent.labels(labels);
    const received = metrics.received.labels(labels);
    let response: ClientCallResponse;
    try {
      response = await next({
        ...request,
        requests: (async function* () {
          for await (const m of request.requests) {
            sent.inc();
            yield m;
          }
        })(),
      });
    } catch (error) {
      finish(codeOf(error));
      throw error;
    }
    return {
      ...response,
      messages: (async function* () {
        let code: Code = Code.CANCELLED; // stays so when the application stops reading early
        try {
          for await (const m of response.messages) {
            received.inc();
            yield m;
          }
          code = Code.OK;
        } catch (error) {
          code = codeOf(error);
          throw error;
        } finally {
          finish(code);
        }
      })(),
    };
  };
  return { interceptor, registry: options.registry ?? register };
}

function codeOf(error: unknown): Code {
  return error instanceof RpcError ? error.code : Code.UNKNOWN;
}
