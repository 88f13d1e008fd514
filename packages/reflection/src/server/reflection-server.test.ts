import { fromBinary } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import { type Channel, Code, createChannel, createServer, RpcError } from "h2rpc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServerReflectionClient } from "../gen/grpc/reflection/v1/reflection.h2rpc.js";
import type { ServerReflectionRequest, ServerReflectionResponse } from "../gen/grpc/reflection/v1/reflection.js";
import { createServerReflectionClient as createV1alphaClient } from "../gen/grpc/reflection/v1alpha/reflection.h2rpc.js";
import { GreeterService } from "../test-support/gen/helloworld/greeter.h2rpc.js";
import { greeter } from "../test-support/greeter.js";
import { ALL_DESCRIPTORS, startGreeterServer, type TestServer } from "../test-support/servers.js";
import { createReflection } from "./create-reflection.js";

type Asked = ServerReflectionRequest["messageRequest"];

let server: TestServer;
let channel: Channel;

beforeAll(async () => {
  server = await startGreeterServer();
  channel = createChannel(server.target);
});
afterAll(async () => {
  channel.close();
  await server.close();
});

/** Sends `asked` on one v1 stream (host "h") and returns the responses. */
async function ask(...asked: Asked[]): Promise<ServerReflectionResponse[]> {
  const responses: ServerReflectionResponse[] = [];
  const requests = asked.map((messageRequest) => ({ host: "h", messageRequest }));
  for await (const r of createServerReflectionClient(channel).serverReflectionInfo(requests)) responses.push(r);
  return responses;
}

function fileNames(response: ServerReflectionResponse | undefined): string[] {
  if (response?.messageResponse?.$case !== "fileDescriptorResponse") throw new Error("not a file response");
  return response.messageResponse.value.fileDescriptorProto.map((b) => fromBinary(FileDescriptorProtoSchema, b).name);
}

describe("server reflection (v1) through an h2rpc client", () => {
  it("lists the services added to the server, reflection included, sorted", async () => {
    const [response] = await ask({ $case: "listServices", value: "*" });
    expect(response).toEqual({
      validHost: "h",
      originalRequest: { host: "h", messageRequest: { $case: "listServices", value: "*" } },
      messageResponse: {
        $case: "listServicesResponse",
        value: {
          service: [
            { name: "grpc.reflection.v1.ServerReflection" },
            { name: "grpc.reflection.v1alpha.ServerReflection" },
            { name: "helloworld.Greeter" },
          ],
        },
      },
    });
  });

  it("answers file_by_filename with the file and its dependencies", async () => {
    const [response] = await ask({ $case: "fileByFilename", value: "shop/v1/stock_ext.proto" });
    expect(fileNames(response)).toEqual(["shop/v1/stock_ext.proto", "shop/v1/stock.proto"]);
  });

  it("answers file_containing_symbol for services, methods, messages, enums and nested types", async () => {
    const responses = await ask(
      { $case: "fileContainingSymbol", value: "helloworld.Greeter" },
      { $case: "fileContainingSymbol", value: "helloworld.Greeter.SayHello" },
      { $case: "fileContainingSymbol", value: "helloworld.HelloReply" },
      { $case: "fileContainingSymbol", value: "common.v1.Status" },
      { $case: "fileContainingSymbol", value: "shop.v1.Item.Variant.Size" },
      { $case: "fileContainingSymbol", value: "grpc.reflection.v1.ServerReflection" },
    );
    expect(responses.map((r) => fileNames(r)[0])).toEqual([
      "helloworld/greeter.proto",
      "helloworld/greeter.proto",
      "helloworld/greeter.proto",
      "common/v1/types.proto",
      "shop/v1/catalog.proto",
      "grpc/reflection/v1/reflection.proto",
    ]);
    // Every response carries the dependencies again (each file once): no response relies on an earlier one.
    expect(fileNames(responses[3])).toEqual(["common/v1/types.proto", "google/protobuf/timestamp.proto"]);
    const catalog = fileNames(responses[4]);
    expect(catalog[0]).toBe("shop/v1/catalog.proto");
    expect(catalog).toContain("google/protobuf/timestamp.proto");
    expect(new Set(catalog).size).toBe(catalog.length);
  });

  it("answers file_containing_extension and all_extension_numbers_of_type", async () => {
    const [byExtension, numbers, none] = await ask(
      { $case: "fileContainingExtension", value: { containingType: "shop.v1.Stock", extensionNumber: 101 } },
      { $case: "allExtensionNumbersOfType", value: "shop.v1.Stock" },
      { $case: "allExtensionNumbersOfType", value: "helloworld.HelloRequest" },
    );
    expect(fileNames(byExtension)).toEqual(["shop/v1/stock_ext.proto", "shop/v1/stock.proto"]);
    expect(numbers?.messageResponse).toEqual({
      $case: "allExtensionNumbersResponse",
      value: { baseTypeName: "shop.v1.Stock", extensionNumber: [100, 101] },
    });
    expect(none?.messageResponse).toEqual({
      $case: "allExtensionNumbersResponse",
      value: { baseTypeName: "helloworld.HelloRequest", extensionNumber: [] },
    });
  });

  it("answers NOT_FOUND in an error_response and keeps the stream going", async () => {
    const responses = await ask(
      { $case: "fileContainingSymbol", value: "helloworld.Nope" },
      { $case: "fileByFilename", value: "nope.proto" },
      { $case: "fileContainingExtension", value: { containingType: "shop.v1.Stock", extensionNumber: 199 } },
      { $case: "allExtensionNumbersOfType", value: "shop.v1.Nope" },
      { $case: "fileContainingSymbol", value: "helloworld.Greeter" },
    );
    expect(responses.slice(0, 4).map((r) => r.messageResponse)).toEqual([
      {
        $case: "errorResponse",
        value: { errorCode: Code.NOT_FOUND, errorMessage: 'symbol "helloworld.Nope" not found' },
      },
      { $case: "errorResponse", value: { errorCode: Code.NOT_FOUND, errorMessage: 'file "nope.proto" not found' } },
      {
        $case: "errorResponse",
        value: { errorCode: Code.NOT_FOUND, errorMessage: 'extension 199 of "shop.v1.Stock" not found' },
      },
      {
        $case: "errorResponse",
        value: { errorCode: Code.NOT_FOUND, errorMessage: 'message type "shop.v1.Nope" not found' },
      },
    ]);
    expect(fileNames(responses[4])).toEqual(["helloworld/greeter.proto"]);
  });

  it("ends the stream with INVALID_ARGUMENT for a request without message_request", async () => {
    const error = await ask(undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcError);
    expect((error as RpcError).code).toBe(Code.INVALID_ARGUMENT);
  });

  it("answers v1alpha the same way", async () => {
    const responses: unknown[] = [];
    const requests = [
      { host: "", messageRequest: { $case: "fileContainingSymbol" as const, value: "helloworld.Greeter" } },
      { host: "", messageRequest: { $case: "listServices" as const, value: "" } },
    ];
    for await (const r of createV1alphaClient(channel).serverReflectionInfo(requests))
      responses.push(r.messageResponse);
    expect(responses[1]).toMatchObject({ $case: "listServicesResponse" });
    expect(fileNames({ validHost: "", originalRequest: undefined, messageResponse: responses[0] as never })).toEqual([
      "helloworld/greeter.proto",
    ]);
  });
});

describe("createReflection", () => {
  it("lists the services given, else every service of the descriptors until added to a server", () => {
    expect(
      createReflection({ descriptors: ALL_DESCRIPTORS, services: [GreeterService, "x.Y"] }).listServices(),
    ).toEqual(["helloworld.Greeter", "x.Y"]);
    const reflection = createReflection({ descriptors: ALL_DESCRIPTORS });
    expect(reflection.listServices()).toEqual([
      "grpc.reflection.v1.ServerReflection",
      "grpc.reflection.v1alpha.ServerReflection",
      "helloworld.Greeter",
      "shop.v1.CatalogService",
      "shop.v1.Inventory",
      "shop.v1.LegacyCatalog",
    ]);
    reflection.addTo(createServer().add(GreeterService, greeter));
    expect(reflection.listServices()).toEqual([
      "grpc.reflection.v1.ServerReflection",
      "grpc.reflection.v1alpha.ServerReflection",
      "helloworld.Greeter",
    ]);
  });

  it("serves its own descriptors and accepts repeated files", () => {
    const reflection = createReflection({ descriptors: [...ALL_DESCRIPTORS, ...ALL_DESCRIPTORS] });
    expect(reflection.pool.findSymbol("grpc.reflection.v1alpha.ServerReflection")?.kind).toBe("service");
    expect(reflection.v1.service.fullName).toBe("grpc.reflection.v1.ServerReflection");
    expect(reflection.v1alpha.service.fullName).toBe("grpc.reflection.v1alpha.ServerReflection");
  });
});
