import { type ClientInterceptor, Code, createChannel, createServer, RpcError, type ServerInterceptor } from "h2rpc";
import { createGreeterClient, type GreeterClient, GreeterService } from "../gen/helloworld/greeter.h2rpc.js";

/** A running greeter and a client to it, both with the given interceptors. */
export interface Loopback {
  /** `127.0.0.1:<port>`. */
  readonly target: string;
  /** The port the server listens on. */
  readonly port: number;
  /** A client through the client interceptors. */
  readonly client: GreeterClient;
  /** Stops client and server. */
  close(): Promise<void>;
}

/**
 * Starts a greeter on a free loopback port. `sayHello` fails on purpose for some names: "" is
 * INVALID_ARGUMENT, "boom" throws a plain Error (UNKNOWN), "slow" waits for the deadline, and
 * "nested" calls sayHello("inner") on the same server from inside the handler.
 */
export async function startLoopback(
  serverInterceptors: readonly ServerInterceptor[],
  clientInterceptors: (target: string) => readonly ClientInterceptor[],
): Promise<Loopback> {
  let nested: GreeterClient | undefined;
  const server = createServer({ interceptors: serverInterceptors, onHandlerError: () => {} }).add(GreeterService, {
    async sayHello(request, context) {
      if (request.name === "") throw new RpcError(Code.INVALID_ARGUMENT, "name must not be empty");
      if (request.name === "boom") throw new Error("kaboom");
      if (request.name === "slow") {
        await new Promise((resolve) => context.signal.addEventListener("abort", resolve));
        throw context.signal.reason;
      }
      if (request.name === "nested")
        return { message: `outer(${(await nested!.sayHello({ name: "inner" })).message})` };
      return { message: `Hello, ${request.name}!` };
    },
    async greetMany(requests) {
      const names: string[] = [];
      for await (const r of requests) names.push(r.name);
      return { message: `Hello, ${names.join(" and ")}!` };
    },
    async *sayHelloStream(request) {
      for (let i = 1; i <= request.count; i++) yield { message: `Hello #${i}, ${request.name}!` };
    },
    async *chat(requests) {
      for await (const r of requests) yield { message: `Hi ${r.name}` };
    },
  });
  const port = await server.listen("127.0.0.1:0");
  const target = `127.0.0.1:${port}`;
  const channel = createChannel(target, { interceptors: [...clientInterceptors(target)] });
  const client = createGreeterClient(channel);
  nested = client;
  return {
    target,
    port,
    client,
    async close() {
      channel.close();
      await server.close();
    },
  };
}

/** Every item of an async iterable. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}
