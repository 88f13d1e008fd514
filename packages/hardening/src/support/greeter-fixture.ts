import { createServer, type Server, type ServerCallContext, type ServerOptions } from "h2rpc";
import { type GreeterServer, GreeterService } from "../gen/helloworld/greeter.h2rpc.js";
import type { HelloReply, HelloRequest, HelloStreamRequest } from "../gen/helloworld/greeter.js";

/** One handler invocation and every request message it received, in order. */
export interface HandlerVisit {
  /** The method's name in the proto, e.g. `SayHello`. */
  readonly method: string;
  /** The `name` of each request message the handler received. */
  readonly names: string[];
  /** The request metadata the handler saw. */
  readonly metadata: ServerCallContext["metadata"];
}

/** A Greeter server on 127.0.0.1 that records what its handlers saw. */
export interface GreeterFixture {
  readonly server: Server;
  readonly port: number;
  /** Every handler invocation since the start (or the last {@link GreeterFixture.reset}). */
  readonly visits: HandlerVisit[];
  /** Forgets the visits recorded so far. */
  reset(): void;
  /** Every request name any handler received. */
  names(): string[];
  /** Shuts the server down (grace 1 s). */
  close(): Promise<void>;
}

/**
 * Starts the Greeter service with recording handlers: `SayHello` answers at once, `GreetMany` joins the
 * names, `SayHelloStream` sends `count` replies, `Chat` answers each message. `overrides` replace handlers.
 */
export async function startGreeter(
  options: ServerOptions = {},
  overrides: Partial<GreeterServer> = {},
): Promise<GreeterFixture> {
  const visits: HandlerVisit[] = [];
  const visit = (method: string, context: ServerCallContext): HandlerVisit => {
    const v: HandlerVisit = { method, names: [], metadata: context.metadata };
    visits.push(v);
    return v;
  };
  const implementation: GreeterServer = {
    sayHello(request: HelloRequest, context): HelloReply {
      visit("SayHello", context).names.push(request.name);
      return { message: `Hello, ${request.name}!` };
    },
    async greetMany(requests, context): Promise<HelloReply> {
      const v = visit("GreetMany", context);
      for await (const r of requests) v.names.push(r.name);
      return { message: `Hello, ${v.names.join(", ")}!` };
    },
    async *sayHelloStream(request: HelloStreamRequest, context) {
      visit("SayHelloStream", context).names.push(request.name);
      for (let i = 0; i < request.count; i++) yield { message: `Hello #${i}, ${request.name}!` };
    },
    async *chat(requests, context) {
      const v = visit("Chat", context);
      for await (const r of requests) {
        v.names.push(r.name);
        yield { message: `Hi ${r.name}` };
      }
    },
    ...overrides,
  };
  const server = createServer({ onHandlerError: () => {}, ...options }).add(GreeterService, implementation);
  const port = await server.listen("127.0.0.1:0");
  return {
    server,
    port,
    visits,
    reset: () => void visits.splice(0),
    names: () => visits.flatMap((v) => v.names),
    close: () => server.shutdown({ graceMs: 1000 }),
  };
}
