import { createServer, type Server, type ServerOptions } from "h2rpc";
import { TestService } from "./gen/grpc/testing/test.h2rpc.js";
import { testService } from "./test-service.js";

/**
 * The interop server: grpc.testing.TestService on h2rpc. `compressMinBytes: 0` so a response asked
 * to be compressed is compressed whatever its size; `options` may override anything.
 */
export function createInteropServer(options: ServerOptions = {}): Server {
  return createServer({ compressMinBytes: 0, ...options }).add(TestService, testService);
}
