import { afterEach, describe, expect, test } from "vitest";
import { Code } from "../core/code.js";
import { ErrorDetails } from "../core/error-details.js";
import { Metadata } from "../core/metadata.js";
import { RpcError } from "../core/rpc-error.js";
import { TestMessageType, TestService } from "../test-support/bytes-service.js";
import { type Loopback, rejection, startLoopback } from "../test-support/loopback.js";
import { frames, rawRequest } from "../test-support/raw-client.js";
import { startScriptedServer } from "../test-support/scripted-server.js";
import { createChannel } from "../transport/channel.js";
import { decodeStatusDetails, encodeStatusDetails } from "../wire/status-details.js";
import { createClient } from "./create-client.js";

let loop: Loopback | undefined;
let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await loop?.close();
  await cleanup?.();
  loop = undefined;
  cleanup = undefined;
});

const badRequest = ErrorDetails.BadRequest.pack({
  fieldViolations: [{ field: "label", description: "must not be empty", reason: "EMPTY" }],
});
const errorInfo = ErrorDetails.ErrorInfo.pack({ reason: "LABEL_EMPTY", domain: "test.h2rpc", metadata: { n: "1" } });
const foreign = { typeUrl: "type.googleapis.com/acme.v1.Hint", value: new Uint8Array([8, 42]) };
const invalid = () =>
  new RpcError(Code.INVALID_ARGUMENT, "bad label ☹", {
    details: [badRequest, errorInfo, foreign],
    metadata: new Metadata({ "x-trace": "t1" }),
  });

function expectTypedDetails(error: RpcError): void {
  expect(error).toBeInstanceOf(RpcError);
  expect(error.code).toBe(Code.INVALID_ARGUMENT);
  expect(error.rawMessage).toBe("bad label ☹");
  expect(error.findDetail(ErrorDetails.BadRequest)?.fieldViolations).toEqual([
    { field: "label", description: "must not be empty", reason: "EMPTY", localizedMessage: undefined },
  ]);
  expect(error.findDetail(ErrorDetails.ErrorInfo)).toEqual({
    reason: "LABEL_EMPTY",
    domain: "test.h2rpc",
    metadata: { n: "1" },
  });
  expect(error.details.map((d) => d.typeUrl)).toEqual([badRequest.typeUrl, errorInfo.typeUrl, foreign.typeUrl]);
  expect([...(error.details[2]?.value ?? [])]).toEqual([8, 42]);
  expect(error.metadata.toJSON()).toEqual({ "x-trace": ["t1"] });
}

describe("rich error details, h2rpc server → h2rpc client", () => {
  test("a unary handler's details arrive typed (Trailers-Only)", async () => {
    loop = await startLoopback({
      unary: () => {
        throw invalid();
      },
    });
    expectTypedDetails((await rejection(loop.client.unary({ label: "" }))) as RpcError);
  });

  test("details after response messages arrive typed (trailers)", async () => {
    loop = await startLoopback({
      async *serverStream() {
        yield { label: "one" };
        throw invalid();
      },
    });
    const labels: string[] = [];
    const error = await rejection(
      (async () => {
        for await (const m of loop!.client.serverStream({})) labels.push(m.label);
      })(),
    );
    expect(labels).toEqual(["one"]);
    expectTypedDetails(error as RpcError);
  });

  test("details with header metadata (headers, then trailers without messages)", async () => {
    loop = await startLoopback({
      unary: (_req, context) => {
        context.sendHeader({ "x-initial": "i" });
        throw invalid();
      },
    });
    expectTypedDetails((await rejection(loop.client.unary({}))) as RpcError);
  });

  test("every standard detail type survives the trip", async () => {
    const details = [
      ErrorDetails.ErrorInfo.pack({ reason: "R", domain: "d", metadata: { k: "v" } }),
      ErrorDetails.RetryInfo.pack({ retryDelay: { seconds: 1, nanos: 5 } }),
      ErrorDetails.DebugInfo.pack({ stackEntries: ["a", "b"], detail: "d" }),
      ErrorDetails.QuotaFailure.pack({ violations: [{ subject: "s", quotaValue: 7, futureQuotaValue: 8 }] }),
      ErrorDetails.PreconditionFailure.pack({ violations: [{ type: "TOS", subject: "s", description: "d" }] }),
      ErrorDetails.BadRequest.pack({
        fieldViolations: [{ field: "f", localizedMessage: { locale: "de", message: "m" } }],
      }),
      ErrorDetails.RequestInfo.pack({ requestId: "r", servingData: "s" }),
      ErrorDetails.ResourceInfo.pack({ resourceType: "t", resourceName: "n", owner: "o", description: "d" }),
      ErrorDetails.Help.pack({ links: [{ description: "d", url: "https://example.com" }] }),
      ErrorDetails.LocalizedMessage.pack({ locale: "en", message: "m" }),
    ];
    loop = await startLoopback({
      unary: () => {
        throw new RpcError(Code.FAILED_PRECONDITION, "everything", { details });
      },
    });
    const error = (await rejection(loop.client.unary({}))) as RpcError;
    expect(error.details).toHaveLength(10);
    expect(error.details.map((d) => d.typeUrl)).toEqual(details.map((d) => d.typeUrl));
    expect(error.details.map((d) => [...d.value])).toEqual(details.map((d) => [...d.value]));
    expect(error.findDetail(ErrorDetails.RetryInfo)?.retryDelay).toEqual({ seconds: 1n, nanos: 5 });
    expect(error.findDetail(ErrorDetails.QuotaFailure)?.violations[0]?.futureQuotaValue).toBe(8n);
    expect(error.findDetail(ErrorDetails.BadRequest)?.fieldViolations[0]?.localizedMessage?.locale).toBe("de");
    expect(error.findDetail(ErrorDetails.Help)?.links[0]?.url).toBe("https://example.com");
  });

  test("an error without details has none", async () => {
    loop = await startLoopback({
      unary: () => {
        throw new RpcError(Code.NOT_FOUND, "nothing");
      },
    });
    const error = (await rejection(loop.client.unary({}))) as RpcError;
    expect(error.details).toEqual([]);
    expect(error.findDetail(ErrorDetails.ErrorInfo)).toBeUndefined();
  });
});

describe("on the wire (raw HTTP/2 client)", () => {
  const path = "/h2rpc.test.TestService/Unary";
  const request = frames(TestMessageType.encode({ label: "", payload: new Uint8Array(0) }).finish());

  test("grpc-status-details-bin is a google.rpc.Status matching grpc-status and grpc-message", async () => {
    loop = await startLoopback({
      unary: () => {
        throw invalid();
      },
    });
    const res = await rawRequest(loop.port, { ":path": path }, request);
    expect(res.trailers).toBeUndefined(); // Trailers-Only
    expect(res.headers["grpc-status"]).toBe(String(Code.INVALID_ARGUMENT));
    const value = res.headers["grpc-status-details-bin"] as string;
    expect(value).toMatch(/^[A-Za-z0-9+/]+$/); // unpadded base64
    const status = decodeStatusDetails(new Uint8Array(Buffer.from(value, "base64")));
    expect(status.code).toBe(Code.INVALID_ARGUMENT);
    expect(status.message).toBe("bad label ☹");
    expect(decodeURIComponent(res.headers["grpc-message"] as string)).toBe(status.message);
    expect(status.details.map((d) => d.typeUrl)).toEqual([badRequest.typeUrl, errorInfo.typeUrl, foreign.typeUrl]);
  });

  test("no grpc-status-details-bin without details", async () => {
    loop = await startLoopback({
      unary: () => {
        throw new RpcError(Code.NOT_FOUND, "nothing");
      },
    });
    const res = await rawRequest(loop.port, { ":path": path }, request);
    expect(res.headers["grpc-status-details-bin"]).toBeUndefined();
  });
});

describe("a peer's details header, received by the client", () => {
  async function callWithTrailers(trailers: Record<string, string>): Promise<RpcError> {
    const server = await startScriptedServer((stream) => {
      stream.respond({ ":status": 200, "content-type": "application/grpc", ...trailers }, { endStream: true });
    });
    const channel = createChannel(`127.0.0.1:${server.port}`);
    cleanup = async () => {
      channel.close();
      await server.close();
    };
    return (await rejection(createClient(TestService, channel).unary({}))) as RpcError;
  }
  const statusBase64 = (code: number, message: string) =>
    Buffer.from(encodeStatusDetails({ code, message, details: [errorInfo] })).toString("base64");

  test("disagreeing with grpc-status/grpc-message: those decide, the details stay", async () => {
    const error = await callWithTrailers({
      "grpc-status": "8",
      "grpc-message": "quota",
      "grpc-status-details-bin": statusBase64(Code.INTERNAL, "something else"),
    });
    expect(error.code).toBe(Code.RESOURCE_EXHAUSTED);
    expect(error.rawMessage).toBe("quota");
    expect(error.findDetail(ErrorDetails.ErrorInfo)?.reason).toBe("LABEL_EMPTY");
  });

  test("malformed: the status survives without details", async () => {
    const error = await callWithTrailers({
      "grpc-status": "8",
      "grpc-message": "quota",
      "grpc-status-details-bin": Buffer.from([0x1a, 0x40, 0x0a]).toString("base64"),
      "x-other": "kept",
    });
    expect(error.code).toBe(Code.RESOURCE_EXHAUSTED);
    expect(error.rawMessage).toBe("quota");
    expect(error.details).toEqual([]);
    expect(error.metadata.toJSON()).toEqual({ "x-other": ["kept"] });
  });
});
