import * as http2 from "node:http2";
import { Code } from "../core/code.js";
import { isCompressionName } from "../core/compression.js";
import type { ServerInterceptor } from "../core/interceptors.js";
import type { Metadata } from "../core/metadata.js";
import { RpcError } from "../core/rpc-error.js";
import { acceptEncodingHeader, parseAcceptEncoding } from "../wire/compression-codec.js";
import { grpcContentType, type HeaderBlock, headerNames, isGrpcContentType } from "../wire/header-names.js";
import { readCustomMetadata } from "../wire/metadata-headers.js";
import { encodeGrpcMessage } from "../wire/percent-encoding.js";
import { parseTimeout } from "../wire/timeout.js";
import { sessionPeer } from "./peer-address.js";
import type { Router } from "./router.js";
import { type HandlerErrorReporter, runHandler } from "./run-handler.js";
import { ServerCall, type ServerCallLimits } from "./server-call.js";

/** What the dispatcher needs from the server. */
export interface DispatchContext {
  readonly router: Router;
  readonly limits: ServerCallLimits;
  readonly reportError: HandlerErrorReporter;
  /** Server interceptors, first outermost. */
  readonly interceptors?: readonly ServerInterceptor[];
}

/**
 * Handles one incoming HTTP/2 stream: checks it is a gRPC request, finds the method, parses
 * deadline and metadata, and runs the handler. Protocol problems get an immediate
 * Trailers-Only response; the connection and its other streams are unaffected.
 */
export function dispatchStream(
  stream: http2.ServerHttp2Stream,
  headers: HeaderBlock,
  rawHeaders: readonly string[],
  context: DispatchContext,
): void {
  stream.on("error", ignoreStreamError);
  if (headers[headerNames.method] !== "POST") {
    refuse(stream, 405, Code.INTERNAL, `Method ${String(headers[headerNames.method])} not allowed: gRPC requires POST`);
    return;
  }
  if (!isGrpcContentType(headers[headerNames.contentType])) {
    refuse(
      stream,
      415,
      Code.INTERNAL,
      `Invalid gRPC request content-type ${JSON.stringify(String(headers[headerNames.contentType] ?? "(none)"))}`,
    );
    return;
  }
  const path = String(headers[headerNames.path] ?? "");
  const route = context.router.find(path);
  if (route === undefined) {
    const service = path.split("/")[1] ?? "";
    const message = context.router.hasService(service) ? `Method not found: ${path}` : `Service not found: ${service}`;
    refuse(stream, 200, Code.UNIMPLEMENTED, message);
    return;
  }
  let timeoutMs: number | undefined;
  let metadata: Metadata | undefined;
  const declared = headers[headerNames.grpcEncoding];
  const encoding = declared === undefined ? "identity" : String(declared).toLowerCase();
  try {
    const timeout = headers[headerNames.grpcTimeout];
    if (timeout !== undefined) timeoutMs = parseTimeout(String(timeout));
    metadata = readCustomMetadata(rawHeaders);
    if (!isCompressionName(encoding)) {
      throw new RpcError(
        Code.UNIMPLEMENTED,
        `Unsupported grpc-encoding ${JSON.stringify(encoding)}; this server accepts ${acceptEncodingHeader}`,
      );
    }
  } catch (e) {
    const error = RpcError.from(e, Code.INTERNAL);
    refuse(stream, 200, error.code, error.rawMessage);
    return;
  }
  const call = new ServerCall({
    stream,
    method: route.method,
    metadata,
    peer: sessionPeer(stream.session),
    timeoutMs,
    requestCompression: encoding,
    acceptedEncodings: parseAcceptEncoding(headers[headerNames.grpcAcceptEncoding]),
    limits: context.limits,
  });
  runHandler(call, route.handler, context.reportError, context.interceptors);
}

/** Stream errors (client reset, connection loss) surface through 'close'; the call handles them. */
function ignoreStreamError(): void {}

/** Sends a Trailers-Only response and discards whatever the client still sends. */
function refuse(stream: http2.ServerHttp2Stream, httpStatus: number, code: Code, message: string): void {
  if (stream.destroyed || stream.closed) return;
  const headers: HeaderBlock = {
    [headerNames.status]: httpStatus,
    [headerNames.contentType]: grpcContentType,
    [headerNames.grpcStatus]: String(code),
    [headerNames.grpcMessage]: encodeGrpcMessage(message),
  };
  if (code === Code.UNIMPLEMENTED) headers[headerNames.grpcAcceptEncoding] = acceptEncodingHeader;
  stream.respond(headers as http2.OutgoingHttpHeaders, { endStream: true });
  // Nothing is queued behind a Trailers-Only response, so the reset cannot overtake it: stop the
  // client's upload now instead of reading and discarding it.
  if (!stream.readableEnded && !stream.destroyed) stream.close(http2.constants.NGHTTP2_NO_ERROR);
}
