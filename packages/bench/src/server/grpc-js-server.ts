import * as grpc from "@grpc/grpc-js";
import { drained } from "../bare/drain.js";
import { BenchService } from "../gen/bench/bench.h2rpc.js";
import type { DownloadRequest, HoldRequest, Order, Payload, UploadSummary } from "../gen/bench/bench.js";
import { grpcJsDefinition } from "../grpc-js/definition.js";
import { cached, payload } from "../workload.js";
import type { BenchServer } from "./bench-server.js";
import { Holds } from "./holds.js";

/** The @grpc/grpc-js server of bench.BenchService, with default options and the same ts-proto codecs. */
export async function startGrpcJsServer(): Promise<BenchServer> {
  const holds = new Holds();
  const bodies = new Map<number, Payload>();
  const empty: Payload = { body: new Uint8Array(0) };
  const handlers: grpc.UntypedServiceImplementation = {
    echo(call: grpc.ServerUnaryCall<Payload, Payload>, callback: grpc.sendUnaryData<Payload>) {
      callback(null, call.request);
    },
    echoComplex(call: grpc.ServerUnaryCall<Order, Order>, callback: grpc.sendUnaryData<Order>) {
      callback(null, call.request);
    },
    async download(call: grpc.ServerWritableStream<DownloadRequest, Payload>) {
      const { count, size } = call.request;
      const message = cached(bodies, size, payload);
      for (let i = 0; i < count && !call.cancelled; i++) {
        if (!call.write(message)) await drained(call);
      }
      call.end();
    },
    upload(call: grpc.ServerReadableStream<Payload, UploadSummary>, callback: grpc.sendUnaryData<UploadSummary>) {
      let count = 0;
      let bytes = 0;
      call.on("data", (request: Payload) => {
        count++;
        bytes += request.body.length;
      });
      call.on("end", () => callback(null, { count, bytes: BigInt(bytes) }));
    },
    pingPong(call: grpc.ServerDuplexStream<Payload, Payload>) {
      call.on("data", (request: Payload) => call.write(request));
      call.on("end", () => call.end());
    },
    hold(call: grpc.ServerUnaryCall<HoldRequest, Payload>, callback: grpc.sendUnaryData<Payload>) {
      void holds.wait(call.request.delayMs).then(() => callback(null, empty));
    },
  };
  const server = new grpc.Server();
  server.addService(grpcJsDefinition(BenchService), handlers);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return {
    port,
    get holding() {
      return holds.size;
    },
    releaseHolds: () => holds.release(),
    close: async () => server.forceShutdown(),
  };
}
