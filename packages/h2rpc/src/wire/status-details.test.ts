import { describe, expect, test } from "vitest";
import { Code } from "../core/code.js";
import { ErrorDetails } from "../core/error-details.js";
import { Metadata } from "../core/metadata.js";
import { RpcError } from "../core/rpc-error.js";
import { type CallOutcome, resolveCallStatus } from "./call-status.js";
import type { HeaderBlock } from "./header-names.js";
import {
  decodeStatusDetails,
  encodeStatusDetails,
  readStatusDetails,
  type StatusDetails,
  writeStatusDetails,
} from "./status-details.js";

const errorInfo = ErrorDetails.ErrorInfo.pack({ reason: "STOCKOUT", domain: "shop.example.com", metadata: { n: "1" } });
const retryInfo = ErrorDetails.RetryInfo.pack({ retryDelay: { seconds: 5 } });
const unknown = { typeUrl: "type.googleapis.com/acme.v1.Internal", value: new Uint8Array([8, 1]) };
const status: StatusDetails = {
  code: Code.UNAVAILABLE,
  message: "sold out ☹",
  details: [errorInfo, retryInfo, unknown],
};
const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");

describe("google.rpc.Status encoding", () => {
  test("round trip: code, unicode message and details in order, unknown types included", () => {
    const decoded = decodeStatusDetails(encodeStatusDetails(status));
    expect(decoded).toEqual(status);
  });

  test("wire format: code is field 1, message field 2, each Any field 3 (type_url 1, value 2)", () => {
    const bytes = encodeStatusDetails({
      code: 5,
      message: "m",
      details: [{ typeUrl: "t", value: new Uint8Array([7]) }],
    });
    expect([...bytes]).toEqual([0x08, 5, 0x12, 1, 0x6d, 0x1a, 6, 0x0a, 1, 0x74, 0x12, 1, 7]);
  });

  test("empty status encodes to nothing and back", () => {
    expect(encodeStatusDetails({ code: 0, message: "", details: [] }).length).toBe(0);
    expect(decodeStatusDetails(new Uint8Array(0))).toEqual({ code: 0, message: "", details: [] });
  });

  test.each([
    ["truncated length", [0x12, 0x05, 0x61]],
    ["truncated Any", [0x1a, 0x05, 0x0a]],
    ["truncated varint", [0x08, 0x80]],
    ["invalid wire type", [0x0f]],
  ])("malformed bytes throw: %s", (_name, bytes) => {
    expect(() => decodeStatusDetails(new Uint8Array(bytes))).toThrow();
  });
});

describe("writeStatusDetails (server side)", () => {
  test("adds unpadded base64 of a Status whose code and message are the error's", () => {
    const headers: HeaderBlock = {};
    const error = new RpcError(Code.RESOURCE_EXHAUSTED, "slow down ☺", { details: [retryInfo, unknown] });
    writeStatusDetails(error, headers);
    const value = headers["grpc-status-details-bin"] as string;
    expect(value).toMatch(/^[A-Za-z0-9+/]+$/);
    expect(decodeStatusDetails(new Uint8Array(Buffer.from(value, "base64")))).toEqual({
      code: Code.RESOURCE_EXHAUSTED,
      message: "slow down ☺",
      details: [retryInfo, unknown],
    });
  });

  test("adds nothing without details, or for OK", () => {
    const headers: HeaderBlock = {};
    writeStatusDetails(new RpcError(Code.INTERNAL, "x"), headers);
    writeStatusDetails(new RpcError(Code.OK, "", { details: [errorInfo] }), headers);
    expect(headers).toEqual({});
  });

  test("never throws: details that cannot be encoded are left out, the status stays", () => {
    const detail = { ...errorInfo };
    const error = new RpcError(Code.INTERNAL, "x", { details: [detail] });
    Object.defineProperty(detail, "typeUrl", {
      get() {
        throw new Error("changed after construction");
      },
    });
    const headers: HeaderBlock = { "grpc-status": "13" };
    expect(() => writeStatusDetails(error, headers)).not.toThrow();
    expect(headers).toEqual({ "grpc-status": "13" });
  });
});

describe("readStatusDetails (client side)", () => {
  const valid = base64(encodeStatusDetails(status));

  test("decodes padded and unpadded base64, and the first of repeated values", () => {
    expect(readStatusDetails({ "grpc-status-details-bin": valid })).toEqual(status.details);
    expect(readStatusDetails({ "grpc-status-details-bin": valid.replace(/=+$/, "") })).toEqual(status.details);
    expect(readStatusDetails({ "grpc-status-details-bin": [valid, "AAAA"] })).toEqual(status.details);
  });

  test.each([
    ["absent", {}],
    ["empty", { "grpc-status-details-bin": "" }],
    ["not base64", { "grpc-status-details-bin": "!!not base64!!" }],
    ["impossible base64 length", { "grpc-status-details-bin": "CAUSA" }],
    ["comma-joined by node", { "grpc-status-details-bin": `${valid}, ${valid}` }],
    ["not a Status", { "grpc-status-details-bin": base64(new Uint8Array([0x1a, 0x7f, 0x0a])) }],
    ["a number", { "grpc-status-details-bin": 5 }],
  ])("is empty when the header is %s", (_name, block) => {
    expect(readStatusDetails(block as HeaderBlock)).toEqual([]);
  });
});

describe("resolveCallStatus with grpc-status-details-bin", () => {
  const grpcHeaders: HeaderBlock = { ":status": 200, "content-type": "application/grpc" };
  const inTrailers = (trailers: HeaderBlock): CallOutcome => ({
    headers: grpcHeaders,
    headersEndedStream: false,
    trailers,
  });
  const errorOf = (outcome: CallOutcome): RpcError => {
    const result = resolveCallStatus(outcome);
    if (result.code === Code.OK) throw new Error("expected an error");
    return (result as { error: RpcError }).error;
  };
  const matching = { "grpc-status": "14", "grpc-message": "sold out %E2%98%B9", "grpc-status-details-bin": valid() };
  function valid() {
    return base64(encodeStatusDetails(status));
  }

  test("details in the trailers reach the RpcError, typed", () => {
    const error = errorOf(inTrailers({ ...matching, "x-keep": "yes" }));
    expect(error.code).toBe(Code.UNAVAILABLE);
    expect(error.rawMessage).toBe("sold out ☹");
    expect(error.details).toEqual(status.details);
    expect(error.findDetail(ErrorDetails.ErrorInfo)?.reason).toBe("STOCKOUT");
    expect(error.findDetail(ErrorDetails.RetryInfo)?.retryDelay).toEqual({ seconds: 5n, nanos: 0 });
    expect(error.metadata.toJSON()).toEqual({ "x-keep": ["yes"] });
  });

  test("details in a Trailers-Only response reach the RpcError", () => {
    const error = errorOf({ headers: { ...grpcHeaders, ...matching }, headersEndedStream: true });
    expect(error.findDetail(ErrorDetails.ErrorInfo)?.domain).toBe("shop.example.com");
  });

  test("when the Status disagrees with grpc-status/grpc-message, those win and the details stay", () => {
    const error = errorOf(inTrailers({ ...matching, "grpc-status": "9", "grpc-message": "other" }));
    expect(error.code).toBe(Code.FAILED_PRECONDITION);
    expect(error.rawMessage).toBe("other");
    expect(error.details).toEqual(status.details);
    const noMessage = errorOf(inTrailers({ "grpc-status": "14", "grpc-status-details-bin": valid() }));
    expect(noMessage.rawMessage).toBe("");
    expect(noMessage.details).toHaveLength(3);
  });

  test("a malformed details header keeps the status and metadata, without details", () => {
    for (const bad of ["%%%", base64(new Uint8Array([0x1a, 0x10]))]) {
      const error = errorOf(inTrailers({ ...matching, "grpc-status-details-bin": bad, "x-keep": "yes" }));
      expect(error.code).toBe(Code.UNAVAILABLE);
      expect(error.rawMessage).toBe("sold out ☹");
      expect(error.details).toEqual([]);
      expect(error.metadata.get("x-keep")).toBe("yes");
    }
  });

  test("an out-of-range grpc-status keeps the details", () => {
    const error = errorOf(inTrailers({ ...matching, "grpc-status": "42" }));
    expect(error.code).toBe(Code.UNKNOWN);
    expect(error.details).toHaveLength(3);
  });

  test("OK ignores details; they are never user metadata", () => {
    const result = resolveCallStatus(inTrailers({ "grpc-status": "0", "grpc-status-details-bin": valid() }));
    expect(result.code).toBe(Code.OK);
    expect((result as { metadata: Metadata }).metadata).toEqual(new Metadata());
  });
});
