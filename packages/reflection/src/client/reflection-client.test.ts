import { fromBinary } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import { type Channel, Code, createChannel, createServer, RpcError, type Server } from "h2rpc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DescriptorPool } from "../descriptors/descriptor-pool.js";
import * as v1 from "../gen/grpc/reflection/v1/reflection.h2rpc.js";
import { ALL_DESCRIPTORS } from "../test-support/servers.js";
import { createReflectionClient } from "./reflection-client.js";

const names = (files: Uint8Array[]) => files.map((b) => fromBinary(FileDescriptorProtoSchema, b).name).sort();

describe("createReflectionClient", () => {
  // A server that answers with the requested file only, like a server that skips files sent earlier.
  let server: Server;
  let channel: Channel;
  beforeAll(async () => {
    const pool = new DescriptorPool(ALL_DESCRIPTORS);
    server = createServer().add(v1.ServerReflectionService, {
      async *serverReflectionInfo(requests) {
        for await (const request of requests) {
          const asked = request.messageRequest;
          const file =
            asked?.$case === "fileContainingSymbol"
              ? pool.findSymbol(asked.value)?.file
              : asked?.$case === "fileByFilename"
                ? asked.value
                : undefined;
          const bytes = file === undefined ? undefined : pool.withDependencies(file)?.[0];
          yield {
            validHost: "",
            messageResponse:
              bytes === undefined
                ? { $case: "errorResponse", value: { errorCode: Code.NOT_FOUND, errorMessage: "no" } }
                : { $case: "fileDescriptorResponse", value: { fileDescriptorProto: [bytes] } },
          };
        }
      },
    });
    channel = createChannel(`127.0.0.1:${await server.listen("127.0.0.1:0")}`);
  });
  afterAll(async () => {
    channel.close();
    await server.forceShutdown();
  });

  it("asks by file name for the dependencies a server leaves out", async () => {
    const client = createReflectionClient(channel);
    try {
      expect(names(await client.fileContainingSymbol("shop.v1.Shelf"))).toEqual(["shop/v1/stock_ext.proto"]);
      expect(names(await client.filesForSymbol("shop.v1.Shelf"))).toEqual([
        "shop/v1/stock.proto",
        "shop/v1/stock_ext.proto",
      ]);
    } finally {
      client.close();
    }
  });

  it("rejects with the code of an error_response, and the stream goes on", async () => {
    const client = createReflectionClient(channel);
    try {
      const error = await client.fileContainingSymbol("x.Y").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RpcError);
      expect((error as RpcError).code).toBe(Code.NOT_FOUND);
      expect(names(await client.fileByFilename("helloworld/greeter.proto"))).toEqual(["helloworld/greeter.proto"]);
    } finally {
      client.close();
    }
  });

  it("fails with UNIMPLEMENTED when the server has neither v1 nor v1alpha", async () => {
    const bare = createServer();
    const port = await bare.listen("127.0.0.1:0");
    const bareChannel = createChannel(`127.0.0.1:${port}`);
    try {
      const error = await createReflectionClient(bareChannel)
        .listServices()
        .catch((e: unknown) => e);
      expect((error as RpcError).code).toBe(Code.UNIMPLEMENTED);
    } finally {
      bareChannel.close();
      await bare.forceShutdown();
    }
  });
});
