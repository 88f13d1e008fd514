// Samples of docs/interceptors.md. interceptors.test.ts runs them against a loopback server.
import {
  type Channel,
  type ClientInterceptor,
  Code,
  codeName,
  createChannel,
  createServer,
  Metadata,
  RpcError,
  type Server,
  type ServerInterceptor,
} from "h2rpc";
import { greeter } from "./calls.js";
import { createGreeterClient, type GreeterClient, GreeterService } from "./gen/helloworld/greeter.h2rpc.js";

// #region client-auth
/** Adds `authorization: Bearer <token>` to every call; `getToken` may fetch or refresh it. */
export function bearerAuth(getToken: () => Promise<string>): ClientInterceptor {
  return async (call, next) => {
    call.metadata.set("authorization", `Bearer ${await getToken()}`);
    return next(call);
  };
}
// #endregion

// #region client-default-deadline
/** Gives every call without a deadline one of `ms` milliseconds. */
export function defaultDeadline(ms: number): ClientInterceptor {
  return (call, next) => {
    const { timeoutMs, deadline } = call.options;
    if (timeoutMs !== undefined || deadline !== undefined) return next(call);
    return next({ ...call, options: { ...call.options, timeoutMs: ms } });
  };
}
// #endregion

// #region client-timing
/** Reports each call's method, status and duration once the application has read its outcome. */
export function timing(report: (line: string) => void): ClientInterceptor {
  return async (call, next) => {
    const started = performance.now();
    const response = await next(call);
    return {
      ...response,
      messages: (async function* () {
        let status = "OK";
        try {
          yield* response.messages; // the responses, as the application reads them
        } catch (e) {
          status = e instanceof RpcError ? codeName(e.code) : "UNKNOWN";
          throw e;
        } finally {
          report(`${call.method.path} ${status} ${(performance.now() - started).toFixed(1)} ms`);
        }
      })(),
    };
  };
}
// #endregion

// #region client-cache
/** Answers repeated unary SayHello calls from a cache, without a network call. */
export function cacheGreetings(): ClientInterceptor {
  const cache = new Map<string, unknown>();
  return async (call, next) => {
    if (call.method.path !== "/helloworld.Greeter/SayHello") return next(call);
    const requests: unknown[] = [];
    for await (const request of call.requests) requests.push(request); // one request: a unary call
    const key = JSON.stringify(requests[0]);
    const hit = cache.get(key);
    if (hit !== undefined) {
      // short-circuit: a response of our own, no call made
      const messages = (async function* () {
        yield hit;
      })();
      return { headers: Promise.resolve(new Metadata()), messages, trailers: Promise.resolve(new Metadata()) };
    }
    const response = await next({
      ...call,
      requests: (async function* () {
        yield* requests; // the request stream was read above: hand on a new one
      })(),
    });
    return {
      ...response,
      messages: (async function* () {
        for await (const message of response.messages) {
          cache.set(key, message);
          yield message;
        }
      })(),
    };
  };
}
// #endregion

// #region server-auth
/** Refuses calls without the right bearer token before any handler runs. */
export function requireToken(expected: string): ServerInterceptor {
  return async function* (call, next) {
    if (call.context.metadata.getString("authorization") !== `Bearer ${expected}`) {
      throw new RpcError(Code.UNAUTHENTICATED, "missing or wrong bearer token");
    }
    yield* next(call);
  };
}
// #endregion

// #region server-errors
/** Turns the domain errors handlers throw into gRPC statuses, and logs the rest. */
export function mapErrors(log: (line: string) => void): ServerInterceptor {
  return async function* (call, next) {
    try {
      yield* next(call);
    } catch (e) {
      if (e instanceof RangeError) throw new RpcError(Code.OUT_OF_RANGE, e.message);
      if (!(e instanceof RpcError)) log(`${call.method.path}: ${String(e)}`);
      throw e; // an RpcError keeps its status; anything else becomes UNKNOWN
    }
  };
}
// #endregion

// #region server-transform
/** Rewrites the response messages of every call: here, shouting them. */
export const shout: ServerInterceptor = async function* (call, next) {
  for await (const response of next(call)) {
    const reply = response as { message?: string };
    yield { ...reply, message: reply.message?.toUpperCase() };
  }
};
// #endregion

/** A server and a client wired with every interceptor above; returns the client and how to stop. */
export async function wireInterceptors(
  log: (line: string) => void,
): Promise<{ server: Server; channel: Channel; client: GreeterClient; port: number }> {
  // #region wiring
  // server: the first listed runs outermost, for every service of the server
  const server = createServer({ interceptors: [mapErrors(log), requireToken("s3cret"), shout] }).add(
    GreeterService,
    greeter,
  );
  const port = await server.listen("127.0.0.1:0");

  // client: channel interceptors run outside client ones, which run outside per-call ones
  const channel = createChannel(`127.0.0.1:${port}`, { interceptors: [timing(log)] });
  const client = createGreeterClient(channel, { interceptors: [bearerAuth(async () => "s3cret")] });
  await client.sayHello({ name: "Ada" }, { interceptors: [defaultDeadline(1000)] });
  // #endregion
  return { server, channel, client, port };
}
