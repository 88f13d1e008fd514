import type * as http2 from "node:http2";
import * as zlib from "node:zlib";
import { Code } from "h2rpc";
import { GreeterService } from "./gen/helloworld/greeter.h2rpc.js";
import { endlessBody } from "./support/endless-body.js";
import { framed, hello, prefix } from "./support/grpc-bytes.js";
import { encodeFrame, Flag, FrameType } from "./support/h2-frames.js";
import type { Observed } from "./support/outcome-names.js";
import { grpcHeaders, openRaw, type RawOutcome, sendRaw } from "./support/raw-h2.js";

const { sayHello, greetMany } = GreeterService.methods;
const H2_STREAM_CLOSED = 5;
const H2_COMPRESSION_ERROR = 9;
const H2_ENHANCE_YOUR_CALM = 11;

/** Everything a case gets: the connection it shares with a well-behaved call in flight. */
export interface CaseContext {
  /** The raw `node:http2` session; the good call is stream 1 on it. */
  readonly session: http2.ClientHttp2Session;
  /**
   * Injects `frame(streamId)` towards the server right after `stream` sends END_STREAM (`after: "request"`)
   * or right after the server ends it (`after: "response"`). Only for cases with `viaProxy`.
   */
  inject(stream: http2.ClientHttp2Stream, after: "request" | "response", frame: (streamId: number) => Uint8Array): void;
}

/** What a case's `run` hands back. */
export interface CaseRun {
  readonly outcome: RawOutcome;
  /** Extra facts for the table (sizes, times). */
  readonly facts?: string;
  /** Case-specific checks that failed, in words; empty when all hold. */
  readonly violations?: readonly string[];
}

/** A finding: what the server does today differs from what it should do. */
export interface KnownIssue {
  /** Which component, and what is wrong. */
  readonly note: string;
  /** True once fixed: the case then asserts `shouldBe` as a regression test. */
  readonly fixed?: boolean;
  /** The checks the fixed behaviour passes, as violations in words (empty once fixed). */
  shouldBe(run: CaseRun, observed: Observed): string[];
}

/** One row of the bad-input table. */
export interface BadInputCase {
  readonly name: string;
  /** What the bad stream (and its connection) get today, asserted exactly. */
  readonly expect: Observed;
  /**
   * True when the well-behaved call on the same connection completes OK. False only where node's
   * nghttp2 answers with a connection error (GOAWAY): every stream of that connection is lost.
   */
  readonly goodSurvives: boolean;
  /**
   * Request names the handler may see from the bad stream (an input h2rpc accepts on purpose).
   * Undefined: no handler runs for the bad stream at all.
   */
  readonly accepted?: readonly string[];
  /** Metadata values the handler must have seen on the bad stream (accepted inputs). */
  readonly handlerMetadata?: Readonly<Record<string, string>>;
  /** Metadata keys sent on the bad stream that the handler must not see (dropped values). */
  readonly droppedMetadata?: readonly string[];
  /** Route the connection through a frame-injecting TCP proxy. */
  readonly viaProxy?: boolean;
  /** Server options for this case (default: 64 KiB receive limit). */
  readonly server?: { maxReceiveMessageBytes?: number };
  /** Why the server behaves so, for the table and README. */
  readonly why: string;
  readonly knownIssue?: KnownIssue;
  run(context: CaseContext): Promise<CaseRun>;
}

/** A unary `SayHello` request with `extra` headers (undefined deletes one) and `body` chunks as given. */
function unary(extra: Record<string, string | undefined>, body: Uint8Array[], endStream = true) {
  return async (context: CaseContext): Promise<CaseRun> => ({
    outcome: await sendRaw(context.session, grpcHeaders(sayHello.path, extra), body, { endStream }),
  });
}

const internal = { http: 200, grpc: Code.INTERNAL };

/** The table: every bad input, what h2rpc answers today, and why. */
export const badInputCases: readonly BadInputCase[] = [
  {
    name: "length prefix cut short (3 of 5 bytes), END_STREAM",
    expect: internal,
    goodSurvives: true,
    why: "the frame decoder's end() refuses a stream that stops inside a prefix",
    run: unary({}, [prefix(10).subarray(0, 3)]),
  },
  {
    name: "prefix announces 10 bytes, 2 arrive, END_STREAM",
    expect: internal,
    goodSurvives: true,
    why: "truncated message",
    run: unary({}, [prefix(10), new Uint8Array([0x0a, 0x01])]),
  },
  {
    name: "declared length 1 GiB > 64 KiB limit, only the prefix sent",
    expect: { http: 200, grpc: Code.RESOURCE_EXHAUSTED },
    goodSurvives: true,
    why: "checked on the 5-byte prefix, before any buffering; the stream is still open when refused",
    run: unary({}, [prefix(1 << 30)], false),
  },
  {
    name: "compressed flag, no grpc-encoding",
    expect: internal,
    goodSurvives: true,
    why: "gRPC: a protocol error",
    run: unary({}, [framed(new TextEncoder().encode("BAD"), true)]),
  },
  {
    name: "grpc-encoding: snappy (unknown)",
    expect: { http: 200, grpc: Code.UNIMPLEMENTED },
    goodSurvives: true,
    why: "refused from the headers, grpc-accept-encoding lists gzip,deflate,identity",
    run: unary({ "grpc-encoding": "snappy" }, [hello("BAD")]),
  },
  {
    name: "grpc-encoding: gzip, corrupt gzip bytes",
    expect: internal,
    goodSurvives: true,
    why: "inflate fails",
    run: unary({ "grpc-encoding": "gzip" }, [framed(new Uint8Array([0x1f, 0x8b, 8, 0, 0xde, 0xad, 0xbe, 0xef]), true)]),
  },
  {
    name: "gzip bomb: 16 KiB inflating to 16 MiB (limit 64 KiB)",
    expect: { http: 200, grpc: Code.RESOURCE_EXHAUSTED },
    goodSurvives: true,
    why: "inflation stops at the receive limit",
    run: unary({ "grpc-encoding": "gzip" }, [framed(zlib.gzipSync(Buffer.alloc(16 << 20)), true)]),
  },
  {
    name: "not protobuf: wire type 7",
    expect: internal,
    goodSurvives: true,
    why: "HelloRequest.decode (ts-proto) throws",
    run: unary({}, [framed(new Uint8Array([0x0f, 0x01, 0x02]))]),
  },
  {
    name: "not protobuf: string field overruns the message",
    expect: internal,
    goodSurvives: true,
    why: "HelloRequest.decode (ts-proto) throws: premature end",
    run: unary({}, [framed(new Uint8Array([0x0a, 0x10, 0x42, 0x41, 0x44]))]),
  },
  {
    name: "not protobuf: field number 0, then garbage",
    expect: internal,
    goodSurvives: true,
    why: "HelloRequest.decode throws: h2rpc generate makes ts-proto's decoders reject field number 0",
    run: unary({}, [framed(new Uint8Array([0x00, 0xff, 0xff, 0xff, 0x42, 0x41, 0x44]))]),
  },
  {
    name: "content-type: application/json",
    expect: { http: 415, grpc: Code.INTERNAL },
    goodSurvives: true,
    why: "gRPC: a server answers HTTP 415 to other content types",
    run: unary({ "content-type": "application/json" }, [hello("BAD")]),
  },
  {
    name: "content-type missing",
    expect: { http: 415, grpc: Code.INTERNAL },
    goodSurvives: true,
    why: "as a wrong one",
    run: unary({ "content-type": undefined }, [hello("BAD")]),
  },
  {
    name: "te missing",
    expect: { http: 200, grpc: Code.OK },
    goodSurvives: true,
    accepted: ["no-te"],
    why: "accepted on purpose: gRPC only says clients must send it (for proxies); grpc-go accepts too",
    run: unary({ te: undefined }, [hello("no-te")]),
  },
  {
    name: "grpc-timeout: 1x (unknown unit)",
    expect: internal,
    goodSurvives: true,
    why: "malformed grpc-timeout is INTERNAL, as grpc-go",
    run: unary({ "grpc-timeout": "1x" }, [hello("BAD")]),
  },
  {
    name: "grpc-timeout: 123456789S (9 digits)",
    expect: internal,
    goodSurvives: true,
    why: "at most 8 digits",
    run: unary({ "grpc-timeout": "123456789S" }, [hello("BAD")]),
  },
  {
    name: "x-trace-bin: !!!notbase64",
    expect: internal,
    goodSurvives: true,
    why: "invalid base64 in a -bin value",
    run: unary({ "x-trace-bin": "!!!notbase64" }, [hello("BAD")]),
  },
  {
    name: "x-name: bytes 63 61 66 c3 a9 (UTF-8, not ASCII)",
    expect: { http: 200, grpc: Code.OK },
    goodSurvives: true,
    accepted: ["non-ascii"],
    handlerMetadata: { "x-plain": "cafe" },
    droppedMetadata: ["x-name"],
    why: "the value is dropped, the call served: gRPC says ASCII values are printable ASCII and a receiver must not fail the call for one, it may throw it away (grpc-js drops it too)",
    run: unary({ "x-name": "caf\u00c3\u00a9", "x-plain": "cafe" }, [hello("non-ascii")]),
  },
  {
    name: "metadata 80 KiB in 10 values (maxHeaderListSize 64 KiB)",
    expect: { rst: H2_ENHANCE_YOUR_CALM },
    goodSurvives: true,
    why: "node refuses the stream (RST_STREAM) while decoding its headers; HPACK state stays in sync",
    run: unary(bigMetadata(10, 8 << 10), [hello("BAD")]),
  },
  {
    name: "one metadata value of 128 KiB (over nghttp2's 64 KiB per header field)",
    expect: { rst: H2_COMPRESSION_ERROR, goaway: H2_COMPRESSION_ERROR },
    goodSurvives: false,
    why: "nghttp2's HPACK decoder treats a field over 64 KiB as a connection error: the offender's own connection",
    run: unary({ "x-big": randomText(128 << 10) }, [hello("BAD")]),
  },
  {
    name: "unary with zero request messages",
    expect: internal,
    goodSurvives: true,
    why: "as grpc-go and grpc-java",
    run: unary({}, []),
  },
  {
    name: "unary with two request messages",
    expect: internal,
    goodSurvives: true,
    why: "as grpc-go and grpc-java; the handler never runs",
    run: unary({}, [hello("BAD"), hello("BAD")]),
  },
  {
    name: "DATA after END_STREAM, stream half-closed (remote)",
    expect: { rst: H2_STREAM_CLOSED, goaway: H2_STREAM_CLOSED },
    goodSurvives: false,
    accepted: ["before-close"],
    viaProxy: true,
    why: "RFC 9113 asks for a stream error; nghttp2 makes it a connection error (its choice, not h2rpc's)",
    async run(context) {
      const call = openRaw(context.session, grpcHeaders(greetMany.path));
      context.inject(call.stream, "request", (id) => encodeFrame(FrameType.DATA, 0, id, hello("BAD")));
      call.stream.end(hello("before-close"));
      return { outcome: await call.outcome };
    },
  },
  {
    name: "DATA after END_STREAM, stream already closed",
    expect: { http: 200, grpc: Code.OK },
    goodSurvives: true,
    accepted: ["before-close"],
    viaProxy: true,
    why: "a frame for a closed stream is ignored (RFC 9113 §5.1)",
    async run(context) {
      const call = openRaw(context.session, grpcHeaders(greetMany.path));
      context.inject(call.stream, "response", (id) => encodeFrame(FrameType.DATA, Flag.END_STREAM, id, hello("BAD")));
      call.stream.end(hello("before-close"));
      return { outcome: await call.outcome };
    },
  },
  {
    name: "unknown method, endless body (up to 2 GiB)",
    expect: { http: 200, grpc: Code.UNIMPLEMENTED },
    goodSurvives: true,
    why: "refused from the headers; the rest is discarded, then the stream is reset (NO_ERROR)",
    knownIssue: {
      fixed: true,
      note:
        "runtime: after a Trailers-Only refusal, stopReading() keeps reading and discarding for 1 s " +
        "before the RST_STREAM, at line rate; nothing is queued behind a Trailers-Only response, so it could reset at once",
      shouldBe: (run) => {
        const discarded = Number(/(\d+) MiB discarded/.exec(run.facts ?? "")?.[1] ?? Number.NaN);
        return discarded <= 16 ? [] : [`${discarded} MiB read and discarded after the refusal (want ≤ 16 MiB)`];
      },
    },
    run: endlessBody,
  },
];

/** `count` metadata values of `bytes` each, random text (so HPACK cannot shrink it much). */
function bigMetadata(count: number, bytes: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < count; i++) out[`x-big-${i}`] = randomText(bytes);
  return out;
}

function randomText(bytes: number): string {
  let out = "";
  while (out.length < bytes) out += Math.random().toString(36).slice(2);
  return out.slice(0, bytes);
}
