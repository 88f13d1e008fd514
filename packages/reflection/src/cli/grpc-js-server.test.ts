import { join } from "node:path";
import type * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { ReflectionService } from "@grpc/reflection";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GreeterService } from "../test-support/gen/helloworld/greeter.h2rpc.js";
import { grpcJsDefinition, startGrpcJsServer } from "../test-support/grpc-js.js";
import { runCli } from "../test-support/run-cli.js";
import { PACKAGE_DIR } from "../test-support/servers.js";

let server: grpc.Server;
let target: string;

beforeAll(async () => {
  // @grpc/reflection (the grpc-js team's own) answers from a proto-loader package definition.
  const definition = protoLoader.loadSync("helloworld/greeter.proto", {
    includeDirs: [join(PACKAGE_DIR, "../../proto")],
  });
  const started = await startGrpcJsServer((s) => {
    const sayHello: grpc.handleUnaryCall<{ name: string }, unknown> = (call, done) =>
      done(null, { message: `grpc-js greets ${call.request.name} (${call.metadata.get("x-greeting")[0] ?? "-"})` });
    const greetMany: grpc.handleClientStreamingCall<unknown, unknown> = (_call, done) => done(null, { message: "" });
    const sayHelloStream: grpc.handleServerStreamingCall<{ name: string; count: number }, unknown> = (call) => {
      for (let i = 1; i <= call.request.count; i++) call.write({ message: `${i}` });
      call.end();
    };
    const chat: grpc.handleBidiStreamingCall<{ name: string }, unknown> = (call) => {
      call.on("data", (r: { name: string }) => call.write({ message: `grpc-js: ${r.name}` }));
      call.on("end", () => call.end());
    };
    s.addService(grpcJsDefinition(GreeterService), { sayHello, greetMany, sayHelloStream, chat });
    new ReflectionService(definition).addToServer(s);
  });
  server = started.server;
  target = `127.0.0.1:${started.port}`;
});
afterAll(() => server.forceShutdown());

describe("h2rpc list / describe / call against grpc-js with @grpc/reflection", () => {
  it("lists the services and the methods of one", async () => {
    const { stdout, exitCode } = await runCli(["list", target]);
    expect(exitCode).toBe(0);
    expect(stdout).toContain("helloworld.Greeter\n");
    expect((await runCli(["list", target, "helloworld.Greeter"])).stdout).toBe(
      "helloworld.Greeter.SayHello\nhelloworld.Greeter.GreetMany\nhelloworld.Greeter.SayHelloStream\nhelloworld.Greeter.Chat\n",
    );
  });

  it("describes a service and a message", async () => {
    expect((await runCli(["describe", target, "helloworld.Greeter.SayHello"])).stdout).toBe(
      "helloworld.Greeter.SayHello is a method:\nrpc SayHello ( .helloworld.HelloRequest ) returns ( .helloworld.HelloReply );\n",
    );
    expect((await runCli(["describe", target, "helloworld.HelloStreamRequest"])).stdout).toBe(
      "helloworld.HelloStreamRequest is a message:\nmessage HelloStreamRequest {\n  string name = 1;\n  uint32 count = 2;\n}\n",
    );
  });

  it("calls unary (with metadata), server-streaming and bidi methods", async () => {
    expect(
      await runCli(["call", target, "helloworld.Greeter/SayHello", '{"name":"h2"}', "-H", "x-greeting: hi"]),
    ).toEqual({
      exitCode: 0,
      stdout: '{"message":"grpc-js greets h2 (hi)"}\n',
      stderr: "",
    });
    expect((await runCli(["call", target, "helloworld.Greeter/SayHelloStream", '{"name":"s","count":2}'])).stdout).toBe(
      '{"message":"1"}\n{"message":"2"}\n',
    );
    const chat = await runCli(["call", target, "helloworld.Greeter/Chat", "-d", "@"], ['{"name":"a"}\n{"name":"b"}\n']);
    expect(chat.stdout).toBe('{"message":"grpc-js: a"}\n{"message":"grpc-js: b"}\n');
  });

  it("reports an unknown symbol with the server's NOT_FOUND", async () => {
    const { exitCode, stderr } = await runCli(["describe", target, "helloworld.Nope"]);
    expect(exitCode).toBe(1);
    expect(stderr).toMatch(/^ERROR: NOT_FOUND: /);
  });
});
