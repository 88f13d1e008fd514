// Samples of docs/deadlines-and-cancellation.md. deadlines.test.ts runs them against loopback servers.
import { setTimeout as sleep } from "node:timers/promises";
import { type Channel, Code, createServer, RpcError, type Server } from "h2rpc";
import { greeter } from "./calls.js";
import {
  createGreeterClient,
  type GreeterClient,
  type GreeterServer,
  GreeterService,
} from "./gen/helloworld/greeter.h2rpc.js";

// #region server-deadline
/** A greeter whose SayHello takes `request.name.length * 100` ms, and stops when the call ends. */
export const slowGreeter: GreeterServer = {
  ...greeter,
  async sayHello(request, context) {
    // context.deadline: epoch ms, or undefined when the client set none
    const left = context.deadline === undefined ? Number.POSITIVE_INFINITY : context.deadline - Date.now();
    const work = request.name.length * 100;
    if (work > left) throw new RpcError(Code.DEADLINE_EXCEEDED, `needs ${work} ms, ${Math.round(left)} ms left`);
    // context.signal aborts at the deadline, on the client's cancel, or when the connection drops:
    // hand it to whatever supports AbortSignal (fetch, timers, streams, database drivers...)
    await sleep(work, undefined, { signal: context.signal });
    return { message: `Hello, ${request.name}!` };
  },
};
// #endregion

// #region timeout
/** Calls with a timeout and reports the outcome: the greeting, or the status name. */
export async function greetWithin(client: GreeterClient, name: string, ms: number): Promise<string> {
  try {
    const reply = await client.sayHello({ name }, { timeoutMs: ms }); // or { deadline: Date.now() + ms }
    return reply.message;
  } catch (e) {
    if (e instanceof RpcError && e.code === Code.DEADLINE_EXCEEDED) return "DEADLINE_EXCEEDED";
    throw e;
  }
}
// #endregion

/** A client with a default timeout, overridden by one call. */
export async function clientWithDefaults(channel: Channel): Promise<string> {
  // #region client-default
  const client = createGreeterClient(channel, { timeoutMs: 2000 }); // for every call of this client
  const reply = await client.sayHello({ name: "Ada" }, { timeoutMs: 500 }); // a call's own options win
  // #endregion
  return reply.message;
}

// #region cancel
/** Cancels a slow call after 50 ms, as a UI does when the user navigates away; returns the outcome. */
export async function cancelACall(client: GreeterClient): Promise<string> {
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 50);
  try {
    const reply = await client.sayHello({ name: "Bartholomew" }, { signal: controller.signal });
    return reply.message;
  } catch (e) {
    if (e instanceof RpcError && e.code === Code.CANCELLED) return e.codeName; // "CANCELLED"
    throw e;
  }
}
// #endregion

// #region propagation
/**
 * A front service whose SayHello asks a back service, so the back call inherits the front call's
 * deadline and cancellation.
 */
export function frontGreeter(back: GreeterClient): GreeterServer {
  return {
    ...greeter,
    async sayHello(request, context) {
      // made while this handler runs: gets at most the time this call has left, and is
      // cancelled with it; nothing to pass
      const inner = await back.sayHello(request);

      // the same, passed by hand: for code that runs outside the handler's async context
      // (callbacks of an event emitter or a queue created elsewhere)
      await back.sayHello(request, { parent: context });

      // work that must outlive this call: opt out
      void back.sayHello({ name: "audit" }, { propagate: false }).catch(() => {});

      return { message: `${inner.message} (via front)` };
    },
  };
}
// #endregion

/** Starts a server for `implementation` on a free loopback port. */
export async function serve(implementation: GreeterServer): Promise<{ server: Server; port: number }> {
  const server = createServer().add(GreeterService, implementation);
  return { server, port: await server.listen("127.0.0.1:0") };
}
