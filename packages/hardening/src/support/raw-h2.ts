import * as http2 from "node:http2";
import { decodeReplies, hello } from "./grpc-bytes.js";

/** How one raw HTTP/2 request ended, as the client saw it. */
export interface RawOutcome {
  /** `:status` of the response headers; undefined when the stream was reset before any. */
  httpStatus: number | undefined;
  /** `grpc-status` from the trailers or a Trailers-Only response. */
  grpcStatus: number | undefined;
  /** `grpc-message`, percent-decoded. */
  grpcMessage: string | undefined;
  /** The RST_STREAM code the stream closed with (0 when it ended normally). */
  rstCode: number | undefined;
  /** Response body bytes (the gRPC messages, framed). */
  body: Buffer;
  /** True when the request could not be sent at all (node refused it locally). */
  localError?: string;
}

/** Opens a bare `node:http2` session to 127.0.0.1:`port` and waits for the server's SETTINGS. */
export async function connectRaw(
  port: number,
  options: http2.ClientSessionOptions = {},
): Promise<http2.ClientHttp2Session> {
  const session = http2.connect(`http://127.0.0.1:${port}`, options);
  session.on("error", () => {});
  await new Promise<void>((resolve, reject) => {
    session.once("remoteSettings", () => resolve());
    session.once("close", () => reject(new Error("raw session closed before the server's SETTINGS")));
  });
  return session;
}

/** The request headers of a well-behaved gRPC call to `path`, with `extra` merged (an undefined value deletes). */
export function grpcHeaders(path: string, extra: Record<string, string | undefined> = {}): http2.OutgoingHttpHeaders {
  const headers: http2.OutgoingHttpHeaders = {
    ":method": "POST",
    ":scheme": "http",
    ":path": path,
    "content-type": "application/grpc",
    te: "trailers",
  };
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete headers[key];
    else headers[key] = value;
  }
  return headers;
}

/** A raw request in progress: write to `stream`, await `outcome`. */
export interface RawCall {
  readonly stream: http2.ClientHttp2Stream;
  /** Resolves when the stream closed (or after the time limit, with what arrived). */
  readonly outcome: Promise<RawOutcome>;
  /** Resolves once `n` response messages arrived (rejects when the stream closes first). */
  messages(n: number): Promise<void>;
}

/** Opens a request on `session`; the stream closes by `timeoutMs` at the latest (reset CANCEL). */
export function openRaw(
  session: http2.ClientHttp2Session,
  headers: http2.OutgoingHttpHeaders,
  timeoutMs = 5000,
): RawCall {
  const stream = session.request(headers, { endStream: false });
  const chunks: Buffer[] = [];
  let response: http2.IncomingHttpHeaders = {};
  let trailers: http2.IncomingHttpHeaders = {};
  const messageWaiters: { n: number; resolve: () => void; reject: (e: Error) => void }[] = [];
  const received = () => decodeReplies(Buffer.concat(chunks)).length;
  stream.on("error", () => {});
  stream.on("response", (h) => {
    response = h;
  });
  stream.on("trailers", (t) => {
    trailers = t;
  });
  stream.on("data", (chunk: Buffer) => {
    chunks.push(chunk);
    const n = received();
    for (const w of messageWaiters.filter((w) => w.n <= n)) w.resolve();
  });
  const timer = setTimeout(() => stream.close(http2.constants.NGHTTP2_CANCEL), timeoutMs);
  const outcome = new Promise<RawOutcome>((resolve) => {
    stream.once("close", () => {
      clearTimeout(timer);
      for (const w of messageWaiters) w.reject(new Error("stream closed before the expected messages"));
      const status = trailers["grpc-status"] ?? response["grpc-status"];
      const message = trailers["grpc-message"] ?? response["grpc-message"];
      resolve({
        httpStatus: response[":status"] === undefined ? undefined : Number(response[":status"]),
        grpcStatus: status === undefined ? undefined : Number(status),
        grpcMessage: message === undefined ? undefined : decodeURIComponent(String(message)),
        rstCode: stream.rstCode,
        body: Buffer.concat(chunks),
      });
    });
  });
  return {
    stream,
    outcome,
    messages(n: number) {
      if (received() >= n) return Promise.resolve();
      return new Promise((resolve, reject) => messageWaiters.push({ n, resolve, reject }));
    },
  };
}

/** Sends `headers` and `body` (written as given), half-closes unless told not to, and waits for the end. */
export async function sendRaw(
  session: http2.ClientHttp2Session,
  headers: http2.OutgoingHttpHeaders,
  body: readonly Uint8Array[],
  options: { endStream?: boolean; timeoutMs?: number } = {},
): Promise<RawOutcome> {
  let call: RawCall;
  try {
    call = openRaw(session, headers, options.timeoutMs);
  } catch (e) {
    return {
      httpStatus: undefined,
      grpcStatus: undefined,
      grpcMessage: undefined,
      rstCode: undefined,
      body: Buffer.alloc(0),
      localError: (e as Error).message,
    };
  }
  for (const chunk of body) call.stream.write(chunk);
  if (options.endStream !== false) call.stream.end();
  return call.outcome;
}

/** A well-behaved bidi `Chat` call kept open on a session while something else happens on it. */
export interface GoodCall {
  /** Sends a second message, half-closes, and resolves with the outcome and the replies. */
  finish(): Promise<{ outcome: RawOutcome; replies: string[] }>;
}

/** Opens `Chat` on `session`, sends "good-1" and waits for its reply: the call is in flight on the server. */
export async function startGoodCall(session: http2.ClientHttp2Session, timeoutMs = 10_000): Promise<GoodCall> {
  const call = openRaw(session, grpcHeaders("/helloworld.Greeter/Chat"), timeoutMs);
  call.stream.write(hello("good-1"));
  await call.messages(1);
  return {
    async finish() {
      call.stream.end(hello("good-2"));
      const outcome = await call.outcome;
      return { outcome, replies: decodeReplies(outcome.body).map((r) => r.message) };
    },
  };
}
