// A @grpc/grpc-js client against a server from startTestServer: the test server is a real gRPC
// server on loopback, and a grpc-js client closed by the test leaves nothing for the leak check.
import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startTestServer, type TestServer } from "./test-server.js";
import { EchoService, echo } from "./test-support/echo-service.js";

let testServer: TestServer;
beforeAll(async () => {
  testServer = await startTestServer((server) => void server.add(EchoService, echo));
});
afterAll(() => testServer.close());

const raw = (bytes: Buffer) => bytes;

test("a grpc-js unary call with raw serializers", async () => {
  const client = new grpc.Client(testServer.target, grpc.credentials.createInsecure());
  try {
    const reply = await new Promise<Buffer>((resolve, reject) =>
      client.makeUnaryRequest(
        EchoService.methods.unary.path,
        raw,
        raw,
        Buffer.from("from grpc-js"),
        { deadline: Date.now() + 5000 },
        (error, response) => (error ? reject(error) : resolve(response as Buffer)),
      ),
    );
    expect(reply.toString()).toBe("from grpc-js");
  } finally {
    client.close();
  }
});

test("a grpc-js server-streaming call", async () => {
  const client = new grpc.Client(testServer.target, grpc.credentials.createInsecure());
  try {
    const stream = client.makeServerStreamRequest(EchoService.methods.serverStream.path, raw, raw, Buffer.from("n"));
    const received: string[] = [];
    for await (const message of stream) received.push((message as Buffer).toString());
    expect(received).toEqual(["n1", "n2", "n3"]);
  } finally {
    client.close();
  }
});
