import { join } from "node:path";
import { createServer } from "h2rpc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runRpcCommand } from "../cli.js";
import { createReflection } from "../server/create-reflection.js";
import { captureIo } from "../test-support/capture-io.js";
import { GreeterService } from "../test-support/gen/helloworld/greeter.h2rpc.js";
import { greeter } from "../test-support/greeter.js";
import { runCli } from "../test-support/run-cli.js";
import { ALL_DESCRIPTORS, PACKAGE_DIR, startGreeterServer, type TestServer } from "../test-support/servers.js";

let server: TestServer;
let target: string;
beforeAll(async () => {
  server = await startGreeterServer();
  target = server.target;
});
afterAll(() => server.close());

const ok = (stdout: string) => ({ exitCode: 0, stdout, stderr: "" });

describe("h2rpc list", () => {
  it("lists the services, one a line", async () => {
    expect(await runCli(["list", target])).toEqual(
      ok("grpc.reflection.v1.ServerReflection\ngrpc.reflection.v1alpha.ServerReflection\nhelloworld.Greeter\n"),
    );
  });

  it("lists the methods of a service", async () => {
    expect(await runCli(["list", target, "helloworld.Greeter"])).toEqual(
      ok(
        "helloworld.Greeter.SayHello\nhelloworld.Greeter.GreetMany\nhelloworld.Greeter.SayHelloStream\nhelloworld.Greeter.Chat\n",
      ),
    );
  });

  it("falls back to v1alpha on a server without v1", async () => {
    const reflection = createReflection({ descriptors: ALL_DESCRIPTORS, services: [GreeterService] });
    const old = createServer()
      .add(GreeterService, greeter)
      .add(reflection.v1alpha.service, reflection.v1alpha.implementation);
    const port = await old.listen("127.0.0.1:0");
    try {
      expect(await runCli(["list", `127.0.0.1:${port}`])).toEqual(ok("helloworld.Greeter\n"));
      const call = await runCli(["call", `127.0.0.1:${port}`, "helloworld.Greeter/SayHello", '{"name":"old"}']);
      expect(call).toEqual(ok('{"message":"Hello, old!"}\n'));
    } finally {
      await old.forceShutdown();
    }
  });
});

describe("h2rpc describe", () => {
  it("shows a service, a method, a message, a nested enum and a field as .proto source", async () => {
    expect(await runCli(["describe", target, "helloworld.Greeter"])).toEqual(
      ok(
        [
          "helloworld.Greeter is a service:",
          "service Greeter {",
          "  rpc SayHello ( .helloworld.HelloRequest ) returns ( .helloworld.HelloReply );",
          "  rpc GreetMany ( stream .helloworld.HelloRequest ) returns ( .helloworld.HelloReply );",
          "  rpc SayHelloStream ( .helloworld.HelloStreamRequest ) returns ( stream .helloworld.HelloReply );",
          "  rpc Chat ( stream .helloworld.HelloRequest ) returns ( stream .helloworld.HelloReply );",
          "}",
          "",
        ].join("\n"),
      ),
    );
    expect((await runCli(["describe", target, "helloworld.Greeter.Chat"])).stdout).toBe(
      "helloworld.Greeter.Chat is a method:\nrpc Chat ( stream .helloworld.HelloRequest ) returns ( stream .helloworld.HelloReply );\n",
    );
    expect((await runCli(["describe", target, "helloworld.HelloStreamRequest"])).stdout).toBe(
      "helloworld.HelloStreamRequest is a message:\nmessage HelloStreamRequest {\n  string name = 1;\n  uint32 count = 2;\n}\n",
    );
    expect((await runCli(["describe", target, "shop.v1.Item.Variant.Size"])).stdout).toBe(
      "shop.v1.Item.Variant.Size is an enum:\nenum Size {\n  SIZE_UNSPECIFIED = 0;\n  SIZE_SMALL = 1;\n  SIZE_LARGE = 2;\n}\n",
    );
    expect((await runCli(["describe", target, "shop.v1.Item.variants_by_number"])).stdout).toBe(
      "shop.v1.Item.variants_by_number is a field:\nmap<int64, .shop.v1.Item.Variant> variants_by_number = 6;\n",
    );
  });

  it("shows oneofs, optional fields, proto2 labels and extension ranges", async () => {
    const item = (await runCli(["describe", target, "shop.v1.Item"])).stdout;
    expect(item).toContain("  optional string subtitle = 7;\n  oneof availability {\n    int32 in_stock = 8;\n");
    expect(item).toContain("  .google.protobuf.Timestamp updated_at = 19;\n");
    expect(item).toContain("  message Variant {\n    string sku = 1;\n");
    expect((await runCli(["describe", target, "shop.v1.Stock"])).stdout).toBe(
      "shop.v1.Stock is a message:\nmessage Stock {\n  optional string sku = 1;\n  extensions 100 to 199;\n}\n",
    );
  });

  it("shows every service without a symbol", async () => {
    const { stdout } = await runCli(["describe", target]);
    expect(stdout.match(/ is a service:/g)).toHaveLength(3);
  });

  it("fails with the server's NOT_FOUND for an unknown symbol", async () => {
    expect(await runCli(["describe", target, "helloworld.Nope"])).toEqual({
      exitCode: 1,
      stdout: "",
      stderr: 'ERROR: NOT_FOUND: symbol "helloworld.Nope" not found\n',
    });
  });
});

describe("h2rpc call", () => {
  const call = (...args: string[]) => runCli(["call", target, ...args]);

  it("calls a unary method with JSON from the argument or -d", async () => {
    expect(await call("helloworld.Greeter/SayHello", '{"name":"Ada"}')).toEqual(ok('{"message":"Hello, Ada!"}\n'));
    expect(await call("helloworld.Greeter.SayHello", "-d", '{"name":"Bo"}')).toEqual(ok('{"message":"Hello, Bo!"}\n'));
    expect(await call("/helloworld.Greeter/SayHello")).toEqual(ok('{"message":"Hello, !"}\n'));
  });

  it("prints one JSON line per response of a server stream", async () => {
    expect(await call("helloworld.Greeter/SayHelloStream", '{"name":"x","count":3}')).toEqual(
      ok('{"message":"Hello #1, x!"}\n{"message":"Hello #2, x!"}\n{"message":"Hello #3, x!"}\n'),
    );
  });

  it("streams requests from stdin with -d @: JSON lines or values one after another", async () => {
    const lines = runCli(
      ["call", target, "helloworld.Greeter/GreetMany", "-d", "@"],
      ['{"name":"a"}\n{"na', 'me":"b"}\n'],
    );
    expect(await lines).toEqual(ok('{"message":"Hello, a and b!"}\n'));
    const pretty = ['{\n  "name": "x"\n}\n{', ' "name": "y" }'];
    expect(await runCli(["call", target, "helloworld.Greeter/Chat", "-d", "@"], pretty)).toEqual(
      ok('{"message":"Hi x"}\n{"message":"Hi y"}\n'),
    );
    expect(await runCli(["call", target, "helloworld.Greeter/Chat", "-d", "@"], [])).toEqual(ok(""));
  });

  it("answers each bidi request as it arrives, while stdin is still open", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    async function* input() {
      yield '{"name":"first"}\n';
      await gate;
      yield '{"name":"second"}\n';
    }
    const io = captureIo(input());
    const run = runRpcCommand("call", [target, "helloworld.Greeter/Chat", "-d", "@"], io);
    while (!io.stdout.includes("Hi first")) await new Promise((resolve) => setTimeout(resolve, 10));
    release();
    expect(await run).toBe(0);
    expect(io.stdout).toBe('{"message":"Hi first"}\n{"message":"Hi second"}\n');
  });

  it("reads requests from a file with -d @file", async () => {
    const file = join(PACKAGE_DIR, "test-fixtures/requests/names.jsonl");
    expect(await call("helloworld.Greeter/GreetMany", "-d", `@${file}`)).toEqual(
      ok('{"message":"Hello, Ada and Grace!"}\n'),
    );
  });

  it("sends -H metadata (repeatable)", async () => {
    expect(
      await call("helloworld.Greeter/SayHello", '{"name":"Ada"}', "-H", "x-greeting: Howdy", "-H", "x-other:1"),
    ).toEqual(ok('{"message":"Howdy, Ada!"}\n'));
  });

  it("prints response headers and trailers with -v", async () => {
    const { stderr, exitCode } = await call("helloworld.Greeter/SayHello", "{}", "-v");
    expect(exitCode).toBe(0);
    expect(stderr).toMatch(/^Response headers:\n[\s\S]*Response trailers:\n/);
  });

  it("prints ERROR: <CODE>: <message> and exits 1 on an RPC error", async () => {
    expect(await call("helloworld.Greeter/SayHello", '{"name":"fail"}')).toEqual({
      exitCode: 1,
      stdout: "",
      stderr: "ERROR: INVALID_ARGUMENT: name must not be fail\n",
    });
  });

  it("gives up after --timeout with DEADLINE_EXCEEDED", async () => {
    const started = Date.now();
    const { exitCode, stderr } = await call("helloworld.Greeter/SayHello", '{"name":"slow"}', "--timeout", "200ms");
    expect(exitCode).toBe(1);
    expect(stderr).toMatch(/^ERROR: DEADLINE_EXCEEDED: /);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("exits 1 for an unknown method, bad JSON, a field that does not exist, or several unary requests", async () => {
    const failures = await Promise.all([
      call("helloworld.Greeter/Nope"),
      call("helloworld.Nope/Hi"),
      call("helloworld.Greeter/SayHello", '{"name":'),
      call("helloworld.Greeter/SayHello", '{"nom":"x"}'),
      call("helloworld.Greeter/SayHello", '{"name":"a"} {"name":"b"}'),
      runCli(["call", target, "helloworld.Greeter/Chat", "-d", "@"], ['{"name":"a"}\n', "{oops}\n"]),
    ]);
    expect(failures.map((f) => [f.exitCode, f.stderr])).toEqual([
      [1, "h2rpc call: service helloworld.Greeter has no method Nope\n"],
      [1, 'ERROR: NOT_FOUND: symbol "helloworld.Nope" not found\n'],
      [1, expect.stringMatching(/^h2rpc call: request 1 is not valid JSON: /)],
      [1, expect.stringMatching(/^h2rpc call: invalid helloworld.HelloRequest request: .*"nom"/)],
      [1, "h2rpc call: SayHello takes one request, got 2\n"],
      [1, expect.stringMatching(/^h2rpc call: request 2 is not valid JSON: /)],
    ]);
  });

  it("exits 1 with UNAVAILABLE when nothing listens", async () => {
    const closed = await startGreeterServer();
    await closed.close();
    const { exitCode, stderr } = await runCli(["call", closed.target, "helloworld.Greeter/SayHello", "{}"]);
    expect(exitCode).toBe(1);
    expect(stderr).toMatch(/^ERROR: UNAVAILABLE: /);
  });
});

describe("usage errors", () => {
  it("exit 2 with a pointer to --help", async () => {
    const cases = [
      ["call"],
      ["call", target],
      ["call", target, "NoDots", "{}"],
      ["call", target, "a.B/C", "{}", "extra"],
      ["call", target, "a.B/C", "{}", "-d", "{}"],
      ["list", target, "--timeout", "soon"],
      ["list", target, "--plaintext", "--tls"],
      ["list", target, "--cert", "c.pem"],
      ["list", target, "-H", "no-colon"],
      ["list", target, "-H", "grpc-status: 1"],
      ["list", target, "--frobnicate"],
      ["list"],
      ["describe", target, "a", "b"],
    ];
    for (const argv of cases) {
      const run = await runCli(argv);
      expect({ argv, exitCode: run.exitCode }).toEqual({ argv, exitCode: 2 });
      expect(run.stderr).toContain(`Run "h2rpc ${argv[0]} --help" for usage.`);
    }
  });

  it("prints help with -h", async () => {
    for (const name of ["list", "describe", "call"]) {
      const { exitCode, stdout } = await runCli([name, "--help"]);
      expect(exitCode).toBe(0);
      expect(stdout).toContain(`Usage: h2rpc ${name} `);
      expect(stdout).toContain("--cacert <file>");
    }
  });
});

describe("local .proto files (--proto)", () => {
  const repoProto = join(PACKAGE_DIR, "../../proto");
  const fixtures = join(PACKAGE_DIR, "test-fixtures/proto");

  it("lists and describes without a server", async () => {
    expect(await runCli(["list", "--proto", "helloworld/greeter.proto", "-I", repoProto])).toEqual(
      ok("helloworld.Greeter\n"),
    );
    expect(
      await runCli(["list", "--proto", "helloworld/greeter.proto", "-I", repoProto, "helloworld.Greeter"]),
    ).toEqual(
      ok(
        "helloworld.Greeter.SayHello\nhelloworld.Greeter.GreetMany\nhelloworld.Greeter.SayHelloStream\nhelloworld.Greeter.Chat\n",
      ),
    );
    const described = await runCli(["describe", "--proto", "shop/v1/inventory.proto", "-I", fixtures, "shop.v1.Shelf"]);
    expect(described).toEqual(ok("shop.v1.Shelf is a message:\nmessage Shelf {\n  optional string name = 1;\n}\n"));
  });

  it("calls a server that has no reflection", async () => {
    const plain = createServer().add(GreeterService, greeter);
    const port = await plain.listen("127.0.0.1:0");
    try {
      const args = ["--proto", join(repoProto, "helloworld/greeter.proto")];
      expect(
        await runCli(["call", `127.0.0.1:${port}`, "helloworld.Greeter/SayHello", '{"name":"L"}', ...args]),
      ).toEqual(ok('{"message":"Hello, L!"}\n'));
      expect(await runCli(["list", `127.0.0.1:${port}`])).toMatchObject({
        exitCode: 1,
        stderr: expect.stringMatching(/^ERROR: UNIMPLEMENTED: /),
      });
    } finally {
      await plain.forceShutdown();
    }
  });

  it("exits 1 naming a file that does not load or a symbol that is not there", async () => {
    const missing = await runCli(["list", "--proto", "nope.proto"]);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toMatch(/^h2rpc list: cannot load the --proto files: .*nope\.proto/);
    const unknown = await runCli(["describe", "--proto", "helloworld/greeter.proto", "-I", repoProto, "x.Y"]);
    expect(unknown).toEqual({
      exitCode: 1,
      stdout: "",
      stderr: 'h2rpc describe: symbol "x.Y" not found in the --proto files\n',
    });
  });
});
