// @grpc/grpc-js as the health client of an h2rpc server: Check the way Kubernetes gRPC probes call it
// (service "" or a named one, short deadline), and Watch, including across a graceful server shutdown.
import * as grpc from "@grpc/grpc-js";
import { createServer, type MessageType, type Server, type ServiceDefinition } from "h2rpc";
import { afterEach, expect, test } from "vitest";
import { HealthService } from "./gen/grpc/health/v1/health.h2rpc.js";
import { type HealthCheckResponse, HealthCheckResponse_ServingStatus as S } from "./gen/grpc/health/v1/health.js";
import { createHealth, type Health } from "./health.js";

/** The grpc-js definition of an h2rpc service: same paths, the generated ts-proto codecs as (de)serializers. */
function grpcJsDefinition(service: ServiceDefinition): grpc.ServiceDefinition {
  const encode = (type: MessageType<unknown>, value: unknown) =>
    Buffer.from(type.encode(type.fromPartial(value as never)).finish());
  const out: Record<string, grpc.MethodDefinition<unknown, unknown>> = {};
  for (const [key, method] of Object.entries(service.methods)) {
    out[key] = {
      path: method.path,
      originalName: key,
      requestStream: method.requestStream,
      responseStream: method.responseStream,
      requestSerialize: (value) => encode(method.requestType, value),
      requestDeserialize: (bytes) => method.requestType.decode(bytes),
      responseSerialize: (value) => encode(method.responseType, value),
      responseDeserialize: (bytes) => method.responseType.decode(bytes),
    };
  }
  return out;
}

type Callback = (error: grpc.ServiceError | null, response?: HealthCheckResponse) => void;
interface GrpcJsHealthClient extends grpc.Client {
  check(request: { service?: string }, options: grpc.CallOptions, callback: Callback): grpc.ClientUnaryCall;
  watch(request: { service?: string }, options?: grpc.CallOptions): grpc.ClientReadableStream<HealthCheckResponse>;
}

let server: Server | undefined;
let client: GrpcJsHealthClient | undefined;
afterEach(async () => {
  client?.close();
  client = undefined;
  await server?.forceShutdown();
  server = undefined;
});

async function start(health: Health): Promise<GrpcJsHealthClient> {
  server = createServer();
  health.attach(server);
  const port = await server.listen("127.0.0.1:0");
  const Client = grpc.makeGenericClientConstructor(grpcJsDefinition(HealthService), "Health");
  client = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) as unknown as GrpcJsHealthClient;
  return client;
}

/** A Check as a Kubernetes probe makes it: one unary call with a 1 s deadline. */
function probe(c: GrpcJsHealthClient, service: string): Promise<{ status?: S; code: grpc.status }> {
  return new Promise((resolve) => {
    c.check({ service }, { deadline: Date.now() + 1000 }, (error, response) =>
      resolve(error ? { code: error.code } : { status: response!.status, code: grpc.status.OK }),
    );
  });
}

/** Follows a grpc-js Watch: statuses received, and how the call ended. */
function follow(stream: grpc.ClientReadableStream<HealthCheckResponse>) {
  const received: S[] = [];
  const ended = new Promise<grpc.status>((resolve) => {
    stream.on("data", (message: HealthCheckResponse) => received.push(message.status));
    stream.on("error", (error: grpc.ServiceError) => resolve(error.code));
    stream.on("status", (status: grpc.StatusObject) => resolve(status.code));
  });
  return { received, ended };
}

async function waitFor(predicate: () => boolean, timeoutMs = 2000): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

test('grpc-js Check, as a Kubernetes probe: the server (""), a named service, an unknown one', async () => {
  const health = createHealth({ statuses: { "helloworld.Greeter": "NOT_SERVING" } });
  const c = await start(health);
  expect(await probe(c, "")).toEqual({ status: S.SERVING, code: grpc.status.OK });
  expect(await probe(c, "helloworld.Greeter")).toEqual({ status: S.NOT_SERVING, code: grpc.status.OK });
  health.setStatus("helloworld.Greeter", "SERVING");
  expect(await probe(c, "helloworld.Greeter")).toEqual({ status: S.SERVING, code: grpc.status.OK });
  expect(await probe(c, "no.Such")).toEqual({ code: grpc.status.NOT_FOUND });
});

test("grpc-js Watch: the current status, then changes; cancelling leaves no watcher", async () => {
  const health = createHealth();
  const c = await start(health);
  const call = c.watch({ service: "helloworld.Greeter" });
  const watch = follow(call);
  await waitFor(() => watch.received.length === 1);
  health.setStatus("helloworld.Greeter", "NOT_SERVING");
  health.setStatus("helloworld.Greeter", "NOT_SERVING");
  await waitFor(() => watch.received.length === 2);
  health.setStatus("helloworld.Greeter", "SERVING");
  await waitFor(() => watch.received.length === 3);
  expect(watch.received).toEqual([S.SERVICE_UNKNOWN, S.NOT_SERVING, S.SERVING]);
  call.cancel();
  expect(await watch.ended).toBe(grpc.status.CANCELLED);
  await waitFor(() => health.watcherCount === 0);
});

test("server.shutdown() starts: an in-flight grpc-js Watch gets NOT_SERVING, then ends OK; the server stops", async () => {
  const health = createHealth({ statuses: { "helloworld.Greeter": "SERVING" } });
  const c = await start(health);
  const overall = follow(c.watch({ service: "" }));
  const named = follow(c.watch({ service: "helloworld.Greeter" }));
  await waitFor(() => overall.received.length === 1 && named.received.length === 1);

  const stopped = server!.shutdown({ graceMs: 5000 });
  expect(await overall.ended).toBe(grpc.status.OK);
  expect(await named.ended).toBe(grpc.status.OK);
  expect(overall.received).toEqual([S.SERVING, S.NOT_SERVING]);
  expect(named.received).toEqual([S.SERVING, S.NOT_SERVING]);
  await stopped;
});
