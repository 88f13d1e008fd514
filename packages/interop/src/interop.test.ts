import * as grpc from "@grpc/grpc-js";
import {
  type Channel,
  Code,
  createChannel,
  createClient,
  createServer,
  type Metadata,
  RpcError,
  type Server,
} from "h2rpc";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type {
  SimpleResponse,
  StreamingInputCallResponse,
  StreamingOutputCallResponse,
} from "./gen/grpc/testing/messages.js";
import { TestService, UnimplementedService } from "./gen/grpc/testing/test.h2rpc.js";
import { type GrpcJsTestClient, grpcJsTestClient, startGrpcJsServer } from "./grpc-js/peer.js";
import { zeroPayload } from "./payload.js";
import { testService } from "./test-service.js";

const fourMiB = 4 << 20;
const streamCount = 10_000;
const specialMessage = "\t\ntest with whitespace\r\nand Unicode BMP ☺ and non-BMP 😈\t\n";

describe("grpc-js client → h2rpc server", () => {
  let server: Server;
  let client: GrpcJsTestClient;
  beforeAll(async () => {
    server = createServer({ maxReceiveMessageBytes: 64 << 20, onHandlerError: () => {} }).add(TestService, testService);
    const port = await server.listen("127.0.0.1:0");
    client = grpcJsTestClient(`127.0.0.1:${port}`);
  });
  afterAll(async () => {
    client.close();
    await server.close({ graceMs: 1000 });
  });

  const unary = <T>(method: string, request: unknown, metadata = new grpc.Metadata(), options: grpc.CallOptions = {}) =>
    new Promise<T>((resolve, reject) =>
      (client[method] as (...a: unknown[]) => void)(request, metadata, options, (e: Error | null, r: T) =>
        e ? reject(e) : resolve(r),
      ),
    );

  test("empty unary", async () => {
    await expect(unary("emptyCall", {})).resolves.toEqual({});
  });

  test("large unary: 4 MiB request and 4 MiB response", async () => {
    const res = await unary<SimpleResponse>("unaryCall", { responseSize: fourMiB, payload: zeroPayload(fourMiB) });
    expect(res.payload?.body.length).toBe(fourMiB);
  });

  test(`server streaming: ${streamCount} messages`, async () => {
    const call = (client.streamingOutputCall as (r: unknown) => grpc.ClientReadableStream<StreamingOutputCallResponse>)(
      {
        responseParameters: Array.from({ length: streamCount }, (_, i) => ({ size: i % 100 })),
      },
    );
    let n = 0;
    for await (const m of call) {
      expect((m as StreamingOutputCallResponse).payload?.body.length).toBe(n % 100);
      n++;
    }
    expect(n).toBe(streamCount);
  });

  test(`client streaming: ${streamCount} messages`, async () => {
    const res = await new Promise<StreamingInputCallResponse>((resolve, reject) => {
      const call = (
        client.streamingInputCall as (
          cb: grpc.requestCallback<StreamingInputCallResponse>,
        ) => grpc.ClientWritableStream<unknown>
      )((e, r) => (e ? reject(e) : resolve(r as StreamingInputCallResponse)));
      void (async () => {
        for (let i = 0; i < streamCount; i++) {
          if (!call.write({ payload: zeroPayload(10) })) await new Promise((r) => call.once("drain", r));
        }
        call.end();
      })();
    });
    expect(res.aggregatedPayloadSize).toBe(streamCount * 10);
  });

  test("bidi ping-pong, and a 4 MiB message each way on a stream", async () => {
    const call = (client.fullDuplexCall as () => grpc.ClientDuplexStream<unknown, StreamingOutputCallResponse>)();
    const sizes = [31415, 9, 2653, 58979, fourMiB];
    const got: number[] = [];
    const iterator = call[Symbol.asyncIterator]();
    for (const size of sizes) {
      call.write({ responseParameters: [{ size }], payload: zeroPayload(size) });
      const next = await iterator.next();
      got.push((next.value as StreamingOutputCallResponse).payload?.body.length ?? -1);
    }
    call.end();
    expect((await iterator.next()).done).toBe(true);
    expect(got).toEqual(sizes);
  });

  test("status code and message (unicode, tabs, newlines) with echoed metadata", async () => {
    const metadata = new grpc.Metadata();
    metadata.set("x-grpc-test-echo-initial", "test_initial_metadata_value");
    metadata.set("x-grpc-test-echo-trailing-bin", Buffer.from([0xab, 0xab, 0xab]));
    let initial: grpc.Metadata | undefined;
    const error = await new Promise<grpc.ServiceError>((resolve) => {
      const call = (client.unaryCall as (...a: unknown[]) => grpc.ClientUnaryCall)(
        { responseStatus: { code: 2, message: specialMessage } },
        metadata,
        (e: grpc.ServiceError) => resolve(e),
      );
      call.on("metadata", (m: grpc.Metadata) => {
        initial = m;
      });
    });
    expect(error.code).toBe(2);
    expect(error.details).toBe(specialMessage);
    expect(initial?.get("x-grpc-test-echo-initial")).toEqual(["test_initial_metadata_value"]);
    expect(error.metadata.get("x-grpc-test-echo-trailing-bin")).toEqual([Buffer.from([0xab, 0xab, 0xab])]);
  });

  test("unimplemented method and service", async () => {
    await expect(unary("unimplementedCall", {})).rejects.toMatchObject({ code: Code.UNIMPLEMENTED });
    const Ctor = grpc.makeGenericClientConstructor(
      (await import("./grpc-js/definition.js")).grpcJsDefinition(UnimplementedService),
      "UnimplementedService",
    );
    const other = new Ctor(client.getChannel().getTarget().replace(/^dns:/, ""), grpc.credentials.createInsecure());
    const error = await new Promise<grpc.ServiceError>((resolve) =>
      (other as unknown as Record<string, (...a: unknown[]) => void>).unimplementedCall!({}, (e: grpc.ServiceError) =>
        resolve(e),
      ),
    );
    other.close();
    expect(error.code).toBe(Code.UNIMPLEMENTED);
  });

  test("deadline on a sleeping server: DEADLINE_EXCEEDED", async () => {
    const call = (
      client.fullDuplexCall as (m: grpc.Metadata, o: grpc.CallOptions) => grpc.ClientDuplexStream<unknown, unknown>
    )(new grpc.Metadata(), { deadline: Date.now() + 50 });
    const error = await new Promise<grpc.ServiceError>((resolve) => {
      call.on("error", resolve);
      call.on("data", () => {});
    });
    expect(error.code).toBe(Code.DEADLINE_EXCEEDED);
  });
});

describe("h2rpc client → grpc-js server", () => {
  let peer: { port: number; close(): Promise<void> };
  let channel: Channel;
  let client: ReturnType<typeof createClient<typeof TestService>>;
  beforeAll(async () => {
    peer = await startGrpcJsServer();
    channel = createChannel(`127.0.0.1:${peer.port}`);
    client = createClient(TestService, channel, { maxReceiveMessageBytes: 64 << 20 });
  });
  afterAll(async () => {
    channel.close();
    await peer.close();
  });

  test("empty unary", async () => {
    await expect(client.emptyCall({})).resolves.toEqual({});
  });

  test("large unary: 4 MiB request and 4 MiB response", async () => {
    const res = await client.unaryCall({ responseSize: fourMiB, payload: zeroPayload(fourMiB) });
    expect(res.payload?.body.length).toBe(fourMiB);
  });

  test(`server streaming: ${streamCount} messages`, async () => {
    let n = 0;
    const stream = client.streamingOutputCall({
      responseParameters: Array.from({ length: streamCount }, (_, i) => ({ size: i % 100 })),
    });
    for await (const m of stream) {
      expect(m.payload?.body.length).toBe(n % 100);
      n++;
    }
    expect(n).toBe(streamCount);
  });

  test(`client streaming: ${streamCount} messages`, async () => {
    async function* requests() {
      for (let i = 0; i < streamCount; i++) yield { payload: zeroPayload(10) };
    }
    const res = await client.streamingInputCall(requests());
    expect(res.aggregatedPayloadSize).toBe(streamCount * 10);
  });

  test("bidi ping-pong, and a 4 MiB message each way on a stream", async () => {
    const sizes = [31415, 9, 2653, 58979, fourMiB];
    let release!: () => void;
    async function* pings() {
      for (const size of sizes) {
        yield { responseParameters: [{ size }], payload: zeroPayload(size) };
        await new Promise<void>((r) => {
          release = r;
        });
      }
    }
    const got: number[] = [];
    for await (const m of client.fullDuplexCall(pings())) {
      got.push(m.payload?.body.length ?? -1);
      release();
    }
    expect(got).toEqual(sizes);
  });

  test("status code and message (unicode, tabs, newlines) with echoed metadata", async () => {
    let initial: Metadata | undefined;
    let error: RpcError | undefined;
    try {
      await client.unaryCall(
        { responseStatus: { code: 2, message: specialMessage } },
        {
          metadata: {
            "x-grpc-test-echo-initial": "test_initial_metadata_value",
            "x-grpc-test-echo-trailing-bin": new Uint8Array([0xab, 0xab, 0xab]),
          },
          onHeader: (h) => {
            initial = h;
          },
        },
      );
    } catch (e) {
      error = e as RpcError;
    }
    expect(error).toBeInstanceOf(RpcError);
    expect(error?.code).toBe(Code.UNKNOWN);
    expect(error?.rawMessage).toBe(specialMessage);
    expect(initial?.get("x-grpc-test-echo-initial")).toBe("test_initial_metadata_value");
    expect(error?.metadata.getBinary("x-grpc-test-echo-trailing-bin")).toEqual(new Uint8Array([0xab, 0xab, 0xab]));
  });

  test("unimplemented method and service", async () => {
    await expect(client.unimplementedCall({})).rejects.toMatchObject({ code: Code.UNIMPLEMENTED });
    const other = createClient(UnimplementedService, channel);
    await expect(other.unimplementedCall({})).rejects.toMatchObject({ code: Code.UNIMPLEMENTED });
  });

  test("deadline on a sleeping server: DEADLINE_EXCEEDED", async () => {
    // silent far longer than the deadline, so a loaded machine's late timer cannot let the call end first
    async function* silent() {
      await new Promise((r) => setTimeout(r, 5000).unref());
    }
    const error = await (async () => {
      try {
        for await (const _ of client.fullDuplexCall(silent(), { timeoutMs: 50 }));
      } catch (e) {
        return e as RpcError;
      }
    })();
    expect(error?.code).toBe(Code.DEADLINE_EXCEEDED);
  });
});
