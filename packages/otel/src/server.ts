import {
  type Attributes,
  type Counter,
  context,
  type Histogram,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from "@opentelemetry/api";
import {
  Code,
  codeName,
  type MessageType,
  RpcError,
  type ServerCallRequest,
  type ServerInterceptor,
  type ServerNext,
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
import { metadataGetter } from "./metadata-carrier.js";
import { MetricNames, methodNames } from "./names.js";
import { hostPort } from "./target.js";

/** Options of {@link otelServerInterceptor}. */
export interface OtelServerOptions extends OtelOptions {
  /** The server's own name or address for the span's `server.address` (interceptors do not see `:authority`). */
  serverAddress?: string;
  /** The port the server listens on, for the span's `server.port`. */
  serverPort?: number;
}

/**
 * The status codes that mark a SERVER span as an error, per the OpenTelemetry gRPC semantic
 * conventions: the others (e.g. NOT_FOUND, INVALID_ARGUMENT) are the client's problem, and
 * leave the span status unset.
 */
export const SERVER_ERROR_CODES: ReadonlySet<Code> = new Set<Code>([
  Code.UNKNOWN,
  Code.DEADLINE_EXCEEDED,
  Code.UNIMPLEMENTED,
  Code.INTERNAL,
  Code.UNAVAILABLE,
  Code.DATA_LOSS,
]);

interface ServerInstruments {
  readonly started: Counter;
  readonly duration: Histogram;
  readonly sent: Histogram;
  readonly rcvd: Histogram;
}

/**
 * A server interceptor that traces and measures every call, for every call kind:
 *
 * - one SERVER span per call named `package.Service/Method`, continuing the trace the client sent
 *   in its metadata (`traceparent` / `tracestate` with the W3C propagator), with `rpc.system` =
 *   `grpc`, `rpc.service`, `rpc.method`, `rpc.grpc.status_code`, `network.peer.address` /
 *   `network.peer.port` and an `rpc.message` event per message; status ERROR only for the codes in
 *   {@link SERVER_ERROR_CODES};
 * - the handler runs with that span active, so calls it makes are its children (with a context
 *   manager registered, as the OpenTelemetry Node SDK does);
 * - the gRFC A66 server metrics (`grpc.server.call.*`).
 *
 * Put it first (outermost) in the server's interceptors so the status it records is the one
 * the other interceptors and the handler produce.
 */
export function otelServerInterceptor(options: OtelServerOptions = {}): ServerInterceptor {
  const telemetry = new Telemetry(options);
  let instruments: ServerInstruments | undefined;
  const getInstruments = (): ServerInstruments => {
    if (instruments !== undefined) return instruments;
    const meter = telemetry.meter;
    instruments = {
      started: counter(
        meter,
        MetricNames.serverCallStarted,
        "{call}",
        "The total number of RPCs started, including those that have not completed.",
      ),
      duration: latencyHistogram(
        meter,
        MetricNames.serverCallDuration,
        "End-to-end time an RPC takes from the server's perspective.",
      ),
      sent: sizeHistogram(
        meter,
        MetricNames.serverCallSentTotalCompressedMessageSize,
        "Total bytes sent across all response messages per RPC (h2rpc: encoded, uncompressed message size).",
      ),
      rcvd: sizeHistogram(
        meter,
        MetricNames.serverCallRcvdTotalCompressedMessageSize,
        "Total bytes received across all request messages per RPC (h2rpc: encoded, uncompressed message size).",
      ),
    };
    return instruments;
  };
  return (request, next) => traced(request, next, telemetry, options, getInstruments);
}

async function* traced(
  request: ServerCallRequest,
  next: ServerNext,
  telemetry: Telemetry,
  options: OtelServerOptions,
  getInstruments: () => ServerInstruments,
): AsyncGenerator<unknown> {
  const start = performance.now();
  const names = methodNames(request.method);
  const { signal, metadata, peer } = request.context;
  const parent = telemetry.propagator.extract(ROOT_CONTEXT, metadata, metadataGetter);
  let span: Span | undefined;
  if (telemetry.tracing) {
    const attributes: Attributes = {
      "rpc.system": "grpc",
      "rpc.service": names.service,
      "rpc.method": names.method,
    };
    if (options.serverAddress !== undefined) attributes["server.address"] = options.serverAddress;
    if (options.serverPort !== undefined) attributes["server.port"] = options.serverPort;
    const client = hostPort(peer);
    if (client !== undefined && client.address !== "") {
      attributes["network.peer.address"] = client.address;
      if (client.port !== undefined) attributes["network.peer.port"] = client.port;
    }
    span = telemetry.tracer.startSpan(names.fullMethod, { kind: SpanKind.SERVER, attributes }, parent);
  }
  const callContext = span === undefined ? parent : trace.setSpan(parent, span);
  const measure = telemetry.metrics;
  const meters = measure ? getInstruments() : undefined;
  meters?.started.add(1, { "grpc.method": names.fullMethod });
  const eventSpan = telemetry.messageEvents && span?.isRecording() ? span : undefined;
  const sent = new MessageTally();
  const received = new MessageTally();

  let finished = false;
  const finish = (code: Code, error?: unknown): void => {
    if (finished) return;
    finished = true;
    signal.removeEventListener("abort", onAbort);
    if (meters !== undefined) {
      const attributes: Attributes = { "grpc.method": names.fullMethod, "grpc.status": codeName(code) };
      meters.duration.record((performance.now() - start) / 1000, attributes);
      meters.sent.record(sent.bytes, attributes);
      meters.rcvd.record(received.bytes, attributes);
    }
    if (span !== undefined) {
      span.setAttribute("rpc.grpc.status_code", code);
      if (code !== Code.OK) span.setAttribute("error.type", codeName(code));
      if (SERVER_ERROR_CODES.has(code)) {
        const message = messageOf(error);
        span.setStatus(
          message === undefined ? { code: SpanStatusCode.ERROR } : { code: SpanStatusCode.ERROR, message },
        );
      }
      span.end();
    }
  };
  // The call can end while the chain is suspended (deadline, client cancel, a response that
  // could not be sent): the signal says so, with the status as its reason.
  const onAbort = (): void => finish(abortCode(signal), signal.reason);
  if (signal.aborted) onAbort();
  else signal.addEventListener("abort", onAbort);

  const requestType = request.method.requestType as MessageType<unknown>;
  const responseType = request.method.responseType as MessageType<unknown>;
  const requests = tally(request.requests, (m) => received.add(requestType, m, measure, eventSpan, "RECEIVED"));
  const inner: ServerCallRequest = { ...request, requests };
  let responses: AsyncIterator<unknown> | undefined;
  let settled = false;
  try {
    const iterator = context.with(callContext, () => next(inner)[Symbol.asyncIterator]());
    responses = iterator;
    for (;;) {
      const step = await context.with(callContext, () => iterator.next());
      if (step.done) break;
      sent.add(responseType, step.value, measure, eventSpan, "SENT");
      yield step.value;
    }
    settled = true;
    finish(signal.aborted ? abortCode(signal) : Code.OK, signal.aborted ? signal.reason : undefined);
  } catch (error) {
    settled = true;
    // as the server reports it: an RpcError's own status, else the call's abort reason, else UNKNOWN
    const code = error instanceof RpcError || !signal.aborted ? codeOf(error) : abortCode(signal);
    finish(code, error instanceof RpcError || !signal.aborted ? error : signal.reason);
    throw error;
  } finally {
    if (!settled) {
      // the server stopped reading responses: the call ended under us
      try {
        await context.with(callContext, () => responses?.return?.());
      } finally {
        finish(abortCode(signal), signal.reason ?? "Call ended before the handler finished");
      }
    }
  }
}

/** The status a call's aborted signal carries (CANCELLED when it says nothing more). */
function abortCode(signal: AbortSignal): Code {
  return signal.aborted && signal.reason instanceof RpcError ? signal.reason.code : Code.CANCELLED;
}
