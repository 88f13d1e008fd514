import { createServer } from "h2rpc";
import { BenchService, type BenchServiceServer } from "../gen/bench/bench.h2rpc.js";
import type { Payload } from "../gen/bench/bench.js";
import { cached, payload } from "../workload.js";
import type { BenchServer } from "./bench-server.js";
import { Holds } from "./holds.js";

/** The h2rpc server of bench.BenchService, with default options. */
export async function startH2rpcServer(): Promise<BenchServer> {
  const holds = new Holds();
  const bodies = new Map<number, Payload>();
  const empty: Payload = { body: new Uint8Array(0) };
  const implementation: BenchServiceServer = {
    echo: (request) => request,
    echoComplex: (request) => request,
    async *download(request) {
      const message = cached(bodies, request.size, payload);
      for (let i = 0; i < request.count; i++) yield message;
    },
    async upload(requests) {
      let count = 0;
      let bytes = 0;
      for await (const request of requests) {
        count++;
        bytes += request.body.length;
      }
      return { count, bytes: BigInt(bytes) };
    },
    async *pingPong(requests) {
      for await (const request of requests) yield request;
    },
    async hold(request) {
      await holds.wait(request.delayMs);
      return empty;
    },
  };
  const server = createServer().add(BenchService, implementation);
  const port = await server.listen("127.0.0.1:0");
  return {
    port,
    get holding() {
      return holds.size;
    },
    releaseHolds: () => holds.release(),
    close: () => server.forceShutdown(),
  };
}
