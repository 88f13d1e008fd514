import {
  type Attributes,
  type Context,
  type Counter,
  context,
  type Histogram,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from "@opentelemetry/api";
import {
  type ClientCallRequest,
  type ClientCallResponse,
  type ClientInterceptor,
  Code,
  codeName,
  type MessageType,
} from "h2rpc";
import {
  codeOf,
  counter,
  latencyHistogram,
  MessageTally,
  messageOf,
  type OtelOptions,
  sizeHistogram,
  Telemetry,
  tally,
} from "./common.js";
import { metadataSetter } from "./metadata-carrier.js";
import { MetricNames, methodNames } from "./names.js";
import { canonicalTarget, serverEndpoint } from "./target.js";

/** Options of {@link otelClientInterceptor}. */
export interface OtelClientOptions extends OtelOptions {
  /**
   * The channel's target, as given to `createChannel` (interceptors do not see the channel). It
   * fills the A66 `grpc.target` metric attribute (canonicalised: `dns:///` added when it names no
   * scheme) and the span's `server.address` / `server.port`. Without it `grpc.target` is `other`.
   */
  target?: string;
  /**
   * gRFC A66's target attribute filter: return false to record `grpc.target` as `other`, e.g.
   * for targets made of IP addresses that would blow up metric cardinality. Default: keep it.
   */
  targetAttributeFilter?: (target: string) => boolean;
}

interface ClientInstruments {
  readonly attemptStarted: Counter;
  readonly attemptDuration: Histogram;
  readonly attemptSent: Histogram;
  readonly attemptRcvd: Histogram;
  readonly callDuration: Histogram;
}

/**
 * A client interceptor that traces and measures every call, for every call kind:
 *
 * - one CLIENT span per call named `package.Service/Method` with `rpc.system` = `grpc`,
 *   `rpc.service`, `rpc.method`, `rpc.grpc.status_code`, `server.address` / `server.port` (from
 *   `target`) and an `rpc.message` event per message; status ERROR for every code but OK;
 * - the span's context injected into the request metadata (`traceparent` / `tracestate` with the
 *   W3C propagator), so the server continues the trace;
 * - the gRFC A66 client metrics (`grpc.client.attempt.*`, `grpc.client.call.duration`).
 *
 * Put it first (outermost) in the channel's or client's interceptors so it sees what the
 * application sees. The span's parent is the context active when the call is made.
 */
export function otelClientInterceptor(options: OtelClientOptions = {}): ClientInterceptor {
  const telemetry = new Telemetry(options);
  const target =
    options.target === undefined
      ? "other"
      : options.targetAttributeFilter === undefined || options.targetAttributeFilter(options.target)
        ? canonicalTarget(options.target)
        : "other";
  const endpoint = options.target === undefined ? undefined : serverEndpoint(options.target);
  let instruments: ClientInstruments | undefined;
  const getInstruments = (): ClientInstruments => {
    if (instruments !== undefined) return instruments;
    const meter = telemetry.meter;
    instruments = {
      attemptStarted: counter(
        meter,
        MetricNames.clientAttemptStarted,
        "{attempt}",
        "The total number of RPC attempts started, including those that have not completed.",
      ),
      attemptDuration: latencyHistogram(
        meter,
        MetricNames.clientAttemptDuration,
        "End-to-end time taken to complete an RPC attempt.",
      ),
      attemptSent: sizeHistogram(
        meter,
        MetricNames.clientAttemptSentTotalCompressedMessageSize,
        "Total bytes sent across all request messages per RPC attempt (h2rpc: encoded, uncompressed message size).",
      ),
      attemptRcvd: sizeHistogram(
        meter,
        MetricNames.clientAttemptRcvdTotalCompressedMessageSize,
        "Total bytes received across all response messages per RPC attempt (h2rpc: encoded, uncompressed message size).",
      ),
      callDuration: latencyHistogram(
        meter,
        MetricNames.clientCallDuration,
        "End-to-end time taken to complete an RPC from the application's perspective.",
      ),
    };
    return instruments;
  };

  return async (request, next) => {
    const callStart = performance.now();
    const names = methodNames(request.method);
    const parent = context.active();
    let span: Span | undefined;
    if (telemetry.tracing) {
      const attributes: Attributes = {
        "rpc.system": "grpc",
        "rpc.service": names.service,
        "rpc.method": names.method,
      };
      if (endpoint !== undefined) {
        attributes["server.address"] = endpoint.address;
        if (endpoint.port !== undefined) attributes["server.port"] = endpoint.port;
      }
      span = telemetry.tracer.startSpan(names.fullMethod, { kind: SpanKind.CLIENT, attributes }, parent);
    }
    const callContext: Context = span === undefined ? parent : trace.setSpan(parent, span);
    telemetry.propagator.inject(callContext, request.metadata, metadataSetter);

    const measure = telemetry.metrics;
    const meters = measure ? getInstruments() : undefined;
    const base: Attributes = { "grpc.method": names.fullMethod, "grpc.target": target };
    meters?.attemptStarted.add(1, base);
    const attemptStart = performance.now();
    const eventSpan = telemetry.messageEvents && span?.isRecording() ? span : undefined;
    const sent = new MessageTally();
    const received = new MessageTally();

    let finished = false;
    const finish = (code: Code, error?: unknown): void => {
      if (finished) return;
      finished = true;
      const now = performance.now();
      if (meters !== undefined) {
        const attributes: Attributes = { ...base, "grpc.status": codeName(code) };
        meters.attemptDuration.record((now - attemptStart) / 1000, attributes);
        meters.attemptSent.record(sent.bytes, attributes);
        meters.attemptRcvd.record(received.bytes, attributes);
        meters.callDuration.record((now - callStart) / 1000, attributes);
      }
      if (span !== undefined) {
        span.setAttribute("rpc.grpc.status_code", code);
        if (code !== Code.OK) {
          span.setAttribute("error.type", codeName(code));
          const message = messageOf(error);
          span.setStatus(
            message === undefined ? { code: SpanStatusCode.ERROR } : { code: SpanStatusCode.ERROR, message },
          );
        }
        span.end();
      }
    };

    const requestType = request.method.requestType as MessageType<unknown>;
    const responseType = request.method.responseType as MessageType<unknown>;
    const requests = tally(request.requests, (m) => sent.add(requestType, m, measure, eventSpan, "SENT"));
    let response: ClientCallResponse;
    try {
      const inner: ClientCallRequest = { ...request, requests };
      response = await context.with(callContext, () => next(inner));
    } catch (error) {
      finish(codeOf(error), error);
      throw error;
    }
    return {
      ...response,
      messages: (async function* () {
        let code: Code = Code.CANCELLED; // stays so when the application stops reading early
        let failure: unknown = "Call cancelled by the application";
        try {
          for await (const m of response.messages) {
            received.add(responseType, m, measure, eventSpan, "RECEIVED");
            yield m;
          }
          code = Code.OK;
          failure = undefined;
        } catch (error) {
          code = codeOf(error);
          failure = error;
          throw error;
        } finally {
          finish(code, failure);
        }
      })(),
    };
  };
}
