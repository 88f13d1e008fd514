import { fromBinary } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as v1 from "../gen/grpc/reflection/v1/reflection.h2rpc.js";
import type { ServerReflectionRequest, ServerReflectionResponse } from "../gen/grpc/reflection/v1/reflection.js";
import * as v1alpha from "../gen/grpc/reflection/v1alpha/reflection.h2rpc.js";
import { grpcJsDefinition } from "../test-support/grpc-js.js";
import { startGreeterServer, type TestServer } from "../test-support/servers.js";

let server: TestServer;
beforeAll(async () => {
  server = await startGreeterServer();
});
afterAll(() => server.close());

/** Sends `requests` on one stream of a grpc-js client of `service` and collects the responses. */
function exchange(
  service: typeof v1.ServerReflectionService | typeof v1alpha.ServerReflectionService,
  requests: ServerReflectionRequest[],
): Promise<ServerReflectionResponse[]> {
  const Client = grpc.makeGenericClientConstructor(grpcJsDefinition(service), service.name);
  const client = new Client(server.target, grpc.credentials.createInsecure());
  const call = (
    client as unknown as { serverReflectionInfo(): grpc.ClientDuplexStream<unknown, unknown> }
  ).serverReflectionInfo();
  const responses: ServerReflectionResponse[] = [];
  return new Promise((resolve, reject) => {
    call.on("data", (response: ServerReflectionResponse) => responses.push(response));
    call.on("error", reject);
    call.on("end", () => {
      client.close();
      resolve(responses);
    });
    for (const request of requests) call.write(request);
    call.end();
  });
}

const names = (r: ServerReflectionResponse | undefined) =>
  r?.messageResponse?.$case === "fileDescriptorResponse"
    ? r.messageResponse.value.fileDescriptorProto.map((b) => fromBinary(FileDescriptorProtoSchema, b).name)
    : [];

describe("server reflection through a @grpc/grpc-js client", () => {
  for (const [version, service] of [
    ["v1", v1.ServerReflectionService],
    ["v1alpha", v1alpha.ServerReflectionService],
  ] as const) {
    it(`answers ${version} requests byte-compatibly`, async () => {
      const responses = await exchange(service, [
        { host: "localhost", messageRequest: { $case: "listServices", value: "" } },
        { host: "", messageRequest: { $case: "fileContainingSymbol", value: "helloworld.Greeter.Chat" } },
        { host: "", messageRequest: { $case: "fileByFilename", value: "common/v1/types.proto" } },
        {
          host: "",
          messageRequest: {
            $case: "fileContainingExtension",
            value: { containingType: "shop.v1.Stock", extensionNumber: 100 },
          },
        },
        { host: "", messageRequest: { $case: "allExtensionNumbersOfType", value: "shop.v1.Stock" } },
        { host: "", messageRequest: { $case: "fileContainingSymbol", value: "no.Such" } },
      ]);
      expect(responses).toHaveLength(6);
      expect(responses[0]!.validHost).toBe("localhost");
      expect(responses[0]!.originalRequest?.messageRequest).toEqual({ $case: "listServices", value: "" });
      expect(responses[0]!.messageResponse).toEqual({
        $case: "listServicesResponse",
        value: {
          service: [
            { name: "grpc.reflection.v1.ServerReflection" },
            { name: "grpc.reflection.v1alpha.ServerReflection" },
            { name: "helloworld.Greeter" },
          ],
        },
      });
      expect(names(responses[1])).toEqual(["helloworld/greeter.proto"]);
      expect(names(responses[2])).toEqual(["common/v1/types.proto", "google/protobuf/timestamp.proto"]);
      expect(names(responses[3])).toEqual(["shop/v1/stock_ext.proto", "shop/v1/stock.proto"]);
      expect(responses[4]!.messageResponse).toEqual({
        $case: "allExtensionNumbersResponse",
        value: { baseTypeName: "shop.v1.Stock", extensionNumber: [100, 101] },
      });
      expect(responses[5]!.messageResponse).toEqual({
        $case: "errorResponse",
        value: { errorCode: grpc.status.NOT_FOUND, errorMessage: 'symbol "no.Such" not found' },
      });
    });
  }

  it("ends the call with INVALID_ARGUMENT for an empty request", async () => {
    const error = await exchange(v1.ServerReflectionService, [{ host: "", messageRequest: undefined }]).catch(
      (e: unknown) => e,
    );
    expect((error as grpc.ServiceError).code).toBe(grpc.status.INVALID_ARGUMENT);
  });
});
