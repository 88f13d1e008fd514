import { describe, expect, test } from "vitest";
import { Code, codeName } from "../core/code.js";
import type { Metadata } from "../core/metadata.js";
import { RpcError } from "../core/rpc-error.js";
import {
  type CallOutcome,
  type CallStatus,
  codeForHttpStatus,
  codeForRstCode,
  resolveCallStatus,
} from "./call-status.js";
import type { HeaderBlock } from "./header-names.js";

const grpcHeaders: HeaderBlock = { ":status": 200, "content-type": "application/grpc" };
const ok: HeaderBlock = { "grpc-status": "0" };
const trailersOnly = (status: number | string, extra: HeaderBlock = {}): CallOutcome => ({
  headers: { ...grpcHeaders, "grpc-status": String(status), ...extra },
  headersEndedStream: true,
});
const withTrailers = (trailers: HeaderBlock, extra: Partial<CallOutcome> = {}): CallOutcome => ({
  headers: grpcHeaders,
  headersEndedStream: false,
  trailers,
  ...extra,
});
const reset = (rstCode: number, extra: Partial<CallOutcome> = {}): CallOutcome => ({
  headers: grpcHeaders,
  headersEndedStream: false,
  rstCode,
  ...extra,
});

/** RST_STREAM error codes, RFC 9113 §7. */
const h2 = {
  NO_ERROR: 0x0,
  PROTOCOL_ERROR: 0x1,
  INTERNAL_ERROR: 0x2,
  FLOW_CONTROL_ERROR: 0x3,
  SETTINGS_TIMEOUT: 0x4,
  STREAM_CLOSED: 0x5,
  FRAME_SIZE_ERROR: 0x6,
  REFUSED_STREAM: 0x7,
  CANCEL: 0x8,
  COMPRESSION_ERROR: 0x9,
  CONNECT_ERROR: 0xa,
  ENHANCE_YOUR_CALM: 0xb,
  INADEQUATE_SECURITY: 0xc,
  HTTP_1_1_REQUIRED: 0xd,
} as const;

function errorOf(status: CallStatus): RpcError {
  if (status.code === Code.OK) throw new Error("expected an error status, got OK");
  const { error } = status as { code: Code; error: RpcError };
  expect(error).toBeInstanceOf(RpcError);
  expect(error.code).toBe(status.code);
  return error;
}

function metadataOf(status: CallStatus): Metadata {
  if (status.code !== Code.OK) throw new Error(`expected OK, got ${codeName(status.code)}`);
  return (status as { metadata: Metadata }).metadata;
}

const cancelled = new RpcError(Code.CANCELLED, "cancelled by the caller");
const lost = new Error("socket hang up");

/** [rule, outcome, expected code, expected rawMessage (regexp) or undefined for OK]. */
const table: [string, CallOutcome, Code, RegExp?][] = [
  // 1. a local reason wins over everything
  [
    "localError over OK trailers",
    withTrailers(ok, { localError: cancelled }),
    Code.CANCELLED,
    /^cancelled by the caller$/,
  ],
  ["localError over a Trailers-Only error", { ...trailersOnly(5), localError: cancelled }, Code.CANCELLED, /caller/],
  [
    "localError over RST and transport error",
    reset(h2.REFUSED_STREAM, { localError: cancelled, transportError: lost }),
    Code.CANCELLED,
    /caller/,
  ],
  [
    "localError with nothing else",
    { localError: new RpcError(Code.DEADLINE_EXCEEDED, "Deadline exceeded") },
    Code.DEADLINE_EXCEEDED,
    /Deadline/,
  ],

  // 2. grpc-status in the trailers
  ["OK trailers", withTrailers(ok), Code.OK],
  [
    "error trailers",
    withTrailers({ "grpc-status": "5", "grpc-message": "no such thing" }),
    Code.NOT_FOUND,
    /^no such thing$/,
  ],
  ...Object.values(Code)
    .filter((c) => c !== Code.OK)
    .map((c): [string, CallOutcome, Code, RegExp] => [
      `${codeName(c)} from trailers`,
      withTrailers({ "grpc-status": String(c), "grpc-message": `m${c}` }),
      c,
      new RegExp(`^m${c}$`),
    ]),
  ["trailers over a RST code", withTrailers({ "grpc-status": "3" }, { rstCode: h2.CANCEL }), Code.INVALID_ARGUMENT],
  ["trailers over a transport error", withTrailers(ok, { transportError: lost }), Code.OK],
  [
    "trailers over a non-200 HTTP status",
    { headers: { ":status": 503 }, trailers: { "grpc-status": "10" } },
    Code.ABORTED,
  ],
  [
    "trailers over a wrong content-type",
    { headers: { ":status": 200, "content-type": "text/html" }, trailers: ok },
    Code.OK,
  ],
  [
    "trailers over a Trailers-Only-looking header",
    { headers: { ...grpcHeaders, "grpc-status": "9" }, headersEndedStream: true, trailers: { "grpc-status": "11" } },
    Code.OUT_OF_RANGE,
  ],
  ["numeric grpc-status value", withTrailers({ "grpc-status": 5 }), Code.NOT_FOUND],
  ["repeated grpc-status: the first wins", withTrailers({ "grpc-status": ["3", "5"] }), Code.INVALID_ARGUMENT],

  // 2b. Trailers-Only: the status in the headers that ended the stream
  [
    "Trailers-Only error",
    trailersOnly(12, { "grpc-message": "Method not found: /a.B/C" }),
    Code.UNIMPLEMENTED,
    /^Method not found: \/a\.B\/C$/,
  ],
  ["Trailers-Only OK", trailersOnly(0), Code.OK],
  [
    "Trailers-Only with a non-200 HTTP status: grpc-status wins",
    { headers: { ":status": 404, "grpc-status": "7" }, headersEndedStream: true },
    Code.PERMISSION_DENIED,
  ],
  ["Trailers-Only wins over a RST code", { ...trailersOnly(14), rstCode: h2.CANCEL }, Code.UNAVAILABLE],
  [
    "grpc-status in headers that did NOT end the stream is not a status",
    { headers: { ...grpcHeaders, "grpc-status": "0" }, headersEndedStream: false },
    Code.INTERNAL,
    /without a grpc-status/,
  ],
  [
    "grpc-status in non-final headers, then a reset: the reset decides",
    { headers: { ...grpcHeaders, "grpc-status": "0" }, headersEndedStream: false, rstCode: h2.CANCEL },
    Code.CANCELLED,
  ],

  // 3. non-200 HTTP status without grpc-status
  ...(
    [
      [400, Code.INTERNAL],
      [401, Code.UNAUTHENTICATED],
      [403, Code.PERMISSION_DENIED],
      [404, Code.UNIMPLEMENTED],
      [429, Code.UNAVAILABLE],
      [502, Code.UNAVAILABLE],
      [503, Code.UNAVAILABLE],
      [504, Code.UNAVAILABLE],
      [500, Code.UNKNOWN],
      [302, Code.UNKNOWN],
      [415, Code.UNKNOWN],
      [201, Code.UNKNOWN],
    ] as const
  ).map(([http, code]): [string, CallOutcome, Code, RegExp] => [
    `HTTP ${http}`,
    { headers: { ":status": http, "content-type": "text/html" }, headersEndedStream: false, rstCode: h2.NO_ERROR },
    code,
    new RegExp(`HTTP status ${http}`),
  ]),
  ["HTTP status as a string", { headers: { ":status": "503" } }, Code.UNAVAILABLE, /503/],
  ["HTTP status over a RST code", { headers: { ":status": 503 }, rstCode: h2.CANCEL }, Code.UNAVAILABLE, /503/],
  ["HTTP status over a transport error", { headers: { ":status": 401 }, transportError: lost }, Code.UNAUTHENTICATED],

  // 4. HTTP 200 but not gRPC
  [
    "200 with text/html",
    { headers: { ":status": 200, "content-type": "text/html" } },
    Code.INTERNAL,
    /not gRPC.*text\/html/,
  ],
  ["200 without content-type", { headers: { ":status": 200 } }, Code.INTERNAL, /not gRPC/],
  [
    "200 with application/grpc+json",
    { headers: { ":status": 200, "content-type": "application/grpc+json" } },
    Code.INTERNAL,
    /not gRPC/,
  ],
  [
    "wrong content-type over a RST code",
    { headers: { ":status": 200, "content-type": "text/plain" }, rstCode: h2.CANCEL },
    Code.INTERNAL,
    /not gRPC/,
  ],
  [
    "application/grpc+proto is gRPC",
    { headers: { ":status": 200, "content-type": "application/grpc+proto" } },
    Code.INTERNAL,
    /without a grpc-status/,
  ],
  [
    "content-type parameters are fine",
    { headers: { ":status": 200, "content-type": "Application/GRPC; charset=utf-8" } },
    Code.INTERNAL,
    /without a grpc-status/,
  ],

  // 5. RST_STREAM without trailers
  ["RST CANCEL", reset(h2.CANCEL), Code.CANCELLED, /reset.*8/],
  ["RST REFUSED_STREAM", reset(h2.REFUSED_STREAM), Code.UNAVAILABLE, /reset/],
  ["RST ENHANCE_YOUR_CALM", reset(h2.ENHANCE_YOUR_CALM), Code.RESOURCE_EXHAUSTED, /reset/],
  ["RST INADEQUATE_SECURITY", reset(h2.INADEQUATE_SECURITY), Code.PERMISSION_DENIED, /reset/],
  ["RST PROTOCOL_ERROR", reset(h2.PROTOCOL_ERROR), Code.INTERNAL, /reset/],
  ["RST INTERNAL_ERROR", reset(h2.INTERNAL_ERROR), Code.INTERNAL, /reset/],
  ["RST FLOW_CONTROL_ERROR", reset(h2.FLOW_CONTROL_ERROR), Code.INTERNAL, /reset/],
  ["RST STREAM_CLOSED", reset(h2.STREAM_CLOSED), Code.INTERNAL, /reset/],
  ["RST HTTP_1_1_REQUIRED", reset(h2.HTTP_1_1_REQUIRED), Code.INTERNAL, /reset/],
  ["RST before any headers", { rstCode: h2.REFUSED_STREAM }, Code.UNAVAILABLE, /reset/],
  ["RST over a transport error", reset(h2.CANCEL, { transportError: lost }), Code.CANCELLED],
  ["RST with trailers lacking grpc-status", reset(h2.CANCEL, { trailers: { "x-a": "1" } }), Code.CANCELLED],

  // 5b. connection lost
  ["transport error", { transportError: lost }, Code.UNAVAILABLE, /socket hang up/],
  ["transport error after headers", { headers: grpcHeaders, transportError: lost }, Code.UNAVAILABLE, /socket hang up/],
  ["NO_ERROR (0) is not a reset", reset(h2.NO_ERROR, { transportError: lost }), Code.UNAVAILABLE],

  // 6. nothing conclusive
  ["nothing at all", {}, Code.INTERNAL, /before any response headers/],
  [
    "headers, then a clean close",
    { headers: grpcHeaders, rstCode: h2.NO_ERROR },
    Code.INTERNAL,
    /without a grpc-status trailer/,
  ],
  ["trailers without grpc-status", withTrailers({ "x-a": "1" }), Code.INTERNAL, /without a grpc-status trailer/],

  // malformed and out-of-range grpc-status
  ...["", "abc", "-1", "+1", "1.0", " 5", "5 ", "0x1", "1e1", "1234567890", "٣"].map(
    (bad): [string, CallOutcome, Code, RegExp] => [
      `grpc-status ${JSON.stringify(bad)}`,
      withTrailers({ "grpc-status": bad }),
      Code.INTERNAL,
      /Malformed grpc-status/,
    ],
  ),
  [
    "grpc-status 17",
    withTrailers({ "grpc-status": "17", "grpc-message": "boom" }),
    Code.UNKNOWN,
    /^Unknown status code 17: boom$/,
  ],
  [
    "grpc-status 99",
    withTrailers({ "grpc-status": "99", "grpc-message": "boom" }),
    Code.UNKNOWN,
    /^Unknown status code 99: boom$/,
  ],
  ["grpc-status 999999999", withTrailers({ "grpc-status": "999999999" }), Code.UNKNOWN, /999999999/],
  ["grpc-status 99 in Trailers-Only", trailersOnly(99), Code.UNKNOWN, /99/],
  ["grpc-status 007", withTrailers({ "grpc-status": "007" }), Code.PERMISSION_DENIED],
];

describe("resolveCallStatus precedence", () => {
  test.each(table)("%s", (_rule, outcome, code, message) => {
    const status = resolveCallStatus(outcome);
    expect(codeName(status.code)).toBe(codeName(code));
    if (code === Code.OK) {
      expect(metadataOf(status)).toBeDefined();
    } else if (message !== undefined) {
      expect(errorOf(status).rawMessage).toMatch(message);
    }
  });

  test("the local error is returned as is", () => {
    const status = resolveCallStatus(withTrailers(ok, { localError: cancelled }));
    expect(errorOf(status)).toBe(cancelled);
  });

  test("a transport error is kept as the cause", () => {
    expect(errorOf(resolveCallStatus({ transportError: lost })).cause).toBe(lost);
  });

  test("codeForHttpStatus and codeForRstCode", () => {
    expect(codeForHttpStatus(200)).toBe(Code.UNKNOWN);
    expect(codeForHttpStatus(404)).toBe(Code.UNIMPLEMENTED);
    expect(codeForRstCode(h2.CANCEL)).toBe(Code.CANCELLED);
    expect(codeForRstCode(0x1234)).toBe(Code.INTERNAL);
  });
});

describe("grpc-message", () => {
  test.each([
    [
      "%09%0Atest with whitespace%0D%0Aand Unicode BMP %E2%98%BA and non-BMP %F0%9F%98%88%09%0A",
      "\t\ntest with whitespace\r\nand Unicode BMP ☺ and non-BMP 😈\t\n",
    ],
    ["100%25 done", "100% done"],
    ["broken %zz and %", "broken %zz and %"],
    ["plain", "plain"],
  ])("is percent-decoded: %j", (wire, expected) => {
    expect(errorOf(resolveCallStatus(withTrailers({ "grpc-status": "2", "grpc-message": wire }))).rawMessage).toBe(
      expected,
    );
    expect(errorOf(resolveCallStatus(trailersOnly(2, { "grpc-message": wire }))).rawMessage).toBe(expected);
  });

  test("a missing grpc-message is an empty message", () => {
    const error = errorOf(resolveCallStatus(withTrailers({ "grpc-status": "13" })));
    expect(error.rawMessage).toBe("");
    expect(error.message).toBe("INTERNAL: ");
  });
});

describe("trailing metadata", () => {
  const trailers: HeaderBlock = {
    "grpc-status": "0",
    "grpc-message": "ignored",
    "grpc-status-details-bin": "CAE",
    "x-trailer": "t",
    "x-trailer-bin": "AQID",
  };

  test("is exposed on OK, without grpc-* headers", () => {
    const md = metadataOf(resolveCallStatus(withTrailers(trailers)));
    expect(md.toJSON()).toEqual({ "x-trailer": ["t"], "x-trailer-bin": ["AQID"] });
  });

  test("is exposed on the error", () => {
    const error = errorOf(resolveCallStatus(withTrailers({ ...trailers, "grpc-status": "9" })));
    expect(error.code).toBe(Code.FAILED_PRECONDITION);
    expect(error.rawMessage).toBe("ignored");
    expect(error.metadata.toJSON()).toEqual({ "x-trailer": ["t"], "x-trailer-bin": ["AQID"] });
  });

  test("is exposed with an out-of-range and with a malformed status", () => {
    expect(
      errorOf(resolveCallStatus(withTrailers({ ...trailers, "grpc-status": "42" }))).metadata.get("x-trailer"),
    ).toBe("t");
    expect(
      errorOf(resolveCallStatus(withTrailers({ ...trailers, "grpc-status": "x" }))).metadata.get("x-trailer"),
    ).toBe("t");
  });

  test("of a Trailers-Only response comes from its headers, without content-type or :status", () => {
    const md = metadataOf(resolveCallStatus(trailersOnly(0, { "x-only": "o" })));
    expect(md.toJSON()).toEqual({ "x-only": ["o"] });
    const error = errorOf(resolveCallStatus(trailersOnly(5, { "x-only": "o" })));
    expect(error.metadata.toJSON()).toEqual({ "x-only": ["o"] });
  });

  test("is read from node's raw list when given, keeping repeated keys apart", () => {
    const status = resolveCallStatus(
      withTrailers(
        { "grpc-status": "0", "x-rep": "a, b" },
        { rawStatusBlock: ["grpc-status", "0", "x-rep", "a", "x-rep", "b"] },
      ),
    );
    expect(metadataOf(status).getAll("x-rep")).toEqual(["a", "b"]);
  });

  test("response headers are not trailing metadata", () => {
    const md = metadataOf(
      resolveCallStatus({ headers: { ...grpcHeaders, "x-initial": "i" }, headersEndedStream: false, trailers: ok }),
    );
    expect(md.size).toBe(0);
  });

  test("invalid base64 in the trailers makes the call INTERNAL", () => {
    const error = errorOf(resolveCallStatus(withTrailers({ "grpc-status": "0", "x-bad-bin": "!!" })));
    expect(error.code).toBe(Code.INTERNAL);
    expect(error.rawMessage).toMatch(/x-bad-bin/);
  });
});
