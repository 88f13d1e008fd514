import type { ImplName } from "../impls.js";

/** A running benchmark server of one implementation, on 127.0.0.1. */
export interface BenchServer {
  /** The bound port. */
  readonly port: number;
  /** Hold calls waiting for their release right now (memory probes). */
  readonly holding: number;
  /** Answers every waiting Hold call now. */
  releaseHolds(): void;
  /** Stops listening and closes every connection. */
  close(): Promise<void>;
}

/** Starts the benchmark server of `impl` on 127.0.0.1, on a free port. */
export async function startBenchServer(impl: ImplName): Promise<BenchServer> {
  switch (impl) {
    case "h2rpc":
      return (await import("./h2rpc-server.js")).startH2rpcServer();
    case "bare":
      return (await import("./bare-server.js")).startBareServer();
    case "grpc-js":
      return (await import("./grpc-js-server.js")).startGrpcJsServer();
  }
}
