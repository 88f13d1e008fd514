// Rich error details (google.rpc.Status in `grpc-status-details-bin`) between h2rpc and @grpc/grpc-js,
// both ways. grpc-js does not build the Status itself: its users put the serialized message in the
// error metadata, and read it back from there; these tests do exactly that with the codecs
// generated (in this package) from proto/google/rpc, independent of h2rpc's own helpers.
import * as grpc from "@grpc/grpc-js";
import { type Channel, Code, createChannel, createServer, ErrorDetails, Metadata, RpcError, type Server } from "h2rpc";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ErrorInfo, RetryInfo } from "./gen/google/rpc/error_details.js";
import { Status } from "./gen/google/rpc/status.js";
import type { StreamingOutputCallResponse } from "./gen/grpc/testing/messages.js";
import {
  createTestServiceClient,
  TestService,
  type TestServiceClient,
  type TestServiceServer,
} from "./gen/grpc/testing/test.h2rpc.js";
import { grpcJsDefinition } from "./grpc-js/definition.js";
import { type GrpcJsTestClient, grpcJsTestClient } from "./grpc-js/peer.js";

const detailsKey = "grpc-status-details-bin";
const message = "quota exhausted ☹ (details attached)";
const typeUrl = (name: string) => `type.googleapis.com/google.rpc.${name}`;
const foreign = { typeUrl: "type.googleapis.com/acme.v1.Hint", value: new Uint8Array([8, 42]) };

/** Every TestService method UNIMPLEMENTED, then `overrides`: a small service for these tests only. */
function service(overrides: Partial<TestServiceServer>): TestServiceServer {
  const unimplemented = () => {
    throw new RpcError(Code.UNIMPLEMENTED, "not used by these tests");
  };
  const all = Object.fromEntries(Object.keys(TestService.methods).map((key) => [key, unimplemented]));
  return { ...all, ...overrides } as TestServiceServer;
}

function quotaError(): RpcError {
  return new RpcError(Code.RESOURCE_EXHAUSTED, message, {
    details: [
      ErrorDetails.ErrorInfo.pack({ reason: "QUOTA", domain: "interop.h2rpc", metadata: { limit: "10" } }),
      ErrorDetails.RetryInfo.pack({ retryDelay: { seconds: 3, nanos: 250 } }),
      foreign,
    ],
    metadata: new Metadata({ "x-trailer": "kept" }),
  });
}

describe("grpc-js client → h2rpc server", () => {
  let server: Server;
  let client: GrpcJsTestClient;
  beforeAll(async () => {
    server = createServer({ onHandlerError: () => {} }).add(
      TestService,
      service({
        unaryCall: () => {
          throw quotaError();
        },
        async *streamingOutputCall() {
          yield { payload: { body: new Uint8Array(1) } };
          throw quotaError();
        },
      }),
    );
    client = grpcJsTestClient(`127.0.0.1:${await server.listen("127.0.0.1:0")}`);
  });
  afterAll(async () => {
    client.close();
    await server.close({ graceMs: 1000 });
  });

  function expectDetails(error: grpc.ServiceError): void {
    expect(error.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(error.details).toBe(message);
    expect(error.metadata.get("x-trailer")).toEqual(["kept"]);
    const values = error.metadata.get(detailsKey);
    expect(values).toHaveLength(1);
    const status = Status.decode(values[0] as Buffer);
    expect(status.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(status.message).toBe(message);
    expect(status.details.map((d) => d.typeUrl)).toEqual([typeUrl("ErrorInfo"), typeUrl("RetryInfo"), foreign.typeUrl]);
    expect(ErrorInfo.decode(status.details[0]!.value)).toEqual({
      reason: "QUOTA",
      domain: "interop.h2rpc",
      metadata: { limit: "10" },
    });
    expect(RetryInfo.decode(status.details[1]!.value)).toEqual({ retryDelay: { seconds: 3n, nanos: 250 } });
    expect([...status.details[2]!.value]).toEqual([8, 42]);
  }

  test("unary (Trailers-Only): the error metadata holds our google.rpc.Status", async () => {
    const error = await new Promise<grpc.ServiceError>((resolve, reject) =>
      (client.unaryCall as (...a: unknown[]) => void)({}, (e: grpc.ServiceError | null) =>
        e ? resolve(e) : reject(new Error("expected an error")),
      ),
    );
    expectDetails(error);
  });

  test("server streaming (trailers after a message): the same", async () => {
    const call = (client.streamingOutputCall as (r: unknown) => grpc.ClientReadableStream<StreamingOutputCallResponse>)(
      {},
    );
    let received = 0;
    const error = await new Promise<grpc.ServiceError>((resolve, reject) => {
      call.on("data", () => received++);
      call.on("error", resolve);
      call.on("end", () => reject(new Error("expected an error")));
    });
    expect(received).toBe(1);
    expectDetails(error);
  });
});

describe("h2rpc client → grpc-js server", () => {
  let server: grpc.Server;
  let channel: Channel;
  let client: TestServiceClient;

  /** The Status a grpc-js handler attaches, built with the generated codecs. */
  const statusBytes = (code: number, text: string) =>
    Buffer.from(
      Status.encode({
        code,
        message: text,
        details: [
          {
            typeUrl: typeUrl("ErrorInfo"),
            value: ErrorInfo.encode(ErrorInfo.fromPartial({ reason: "GRPC_JS" })).finish(),
          },
          {
            typeUrl: typeUrl("RetryInfo"),
            value: RetryInfo.encode({ retryDelay: { seconds: 7n, nanos: 0 } }).finish(),
          },
          foreign,
        ],
      }).finish(),
    );

  /** A grpc-js error whose metadata carries `details` in grpc-status-details-bin. */
  const grpcJsError = (code: grpc.status, text: string, details: Buffer): Partial<grpc.ServiceError> => {
    const metadata = new grpc.Metadata();
    metadata.set(detailsKey, details);
    metadata.set("x-trailer", "kept");
    return { code, details: text, metadata };
  };

  beforeAll(async () => {
    server = new grpc.Server();
    server.addService(grpcJsDefinition(TestService), {
      unaryCall(
        call: grpc.ServerUnaryCall<{ fillUsername?: boolean }, unknown>,
        callback: grpc.sendUnaryData<unknown>,
      ) {
        // fillUsername picks the case: false → a matching Status, true → a Status that disagrees.
        const disagree = call.request.fillUsername === true;
        const status = disagree ? statusBytes(Code.INTERNAL, "another story") : statusBytes(Code.ABORTED, message);
        callback(grpcJsError(grpc.status.ABORTED, message, status));
      },
      emptyCall(_call: unknown, callback: grpc.sendUnaryData<unknown>) {
        callback(grpcJsError(grpc.status.ABORTED, message, Buffer.from([0x1a, 0x40, 0x0a])));
      },
    });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))),
    );
    channel = createChannel(`127.0.0.1:${port}`);
    client = createTestServiceClient(channel);
  });
  afterAll(async () => {
    channel.close();
    await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
  });

  const rejection = async (promise: Promise<unknown>): Promise<RpcError> => {
    try {
      await promise;
    } catch (e) {
      expect(e).toBeInstanceOf(RpcError);
      return e as RpcError;
    }
    throw new Error("expected the call to fail");
  };

  test("details a grpc-js handler puts in its error metadata arrive typed", async () => {
    const error = await rejection(client.unaryCall({}));
    expect(error.code).toBe(Code.ABORTED);
    expect(error.rawMessage).toBe(message);
    expect(error.findDetail(ErrorDetails.ErrorInfo)).toEqual({ reason: "GRPC_JS", domain: "", metadata: {} });
    expect(error.findDetail(ErrorDetails.RetryInfo)?.retryDelay).toEqual({ seconds: 7n, nanos: 0 });
    expect(error.details.map((d) => d.typeUrl)).toEqual([typeUrl("ErrorInfo"), typeUrl("RetryInfo"), foreign.typeUrl]);
    expect([...error.details[2]!.value]).toEqual([8, 42]);
    // The details are the status's, not user metadata.
    expect(error.metadata.toJSON()).toEqual({ "x-trailer": ["kept"] });
  });

  test("a Status that disagrees with grpc-status/grpc-message: those decide, the details stay", async () => {
    const error = await rejection(client.unaryCall({ fillUsername: true }));
    expect(error.code).toBe(Code.ABORTED);
    expect(error.rawMessage).toBe(message);
    expect(error.findDetail(ErrorDetails.ErrorInfo)?.reason).toBe("GRPC_JS");
  });

  test("a malformed Status keeps the status and drops the details", async () => {
    const error = await rejection(client.emptyCall({}));
    expect(error.code).toBe(Code.ABORTED);
    expect(error.rawMessage).toBe(message);
    expect(error.details).toEqual([]);
    expect(error.metadata.get("x-trailer")).toBe("kept");
  });
});
