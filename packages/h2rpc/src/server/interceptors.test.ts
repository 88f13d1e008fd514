import { afterEach, describe, expect, test } from "vitest";
import { Code } from "../core/code.js";
import type { ServerInterceptor } from "../core/interceptors.js";
import { RpcError } from "../core/rpc-error.js";
import { echoLabels, type TestMessage } from "../test-support/bytes-service.js";
import { collect, type Loopback, rejection, startLoopback } from "../test-support/loopback.js";

let loop: Loopback | undefined;
afterEach(async () => {
  await loop?.close();
  loop = undefined;
});

const upper: ServerInterceptor = (req, next) =>
  next({
    ...req,
    requests: (async function* () {
      for await (const m of req.requests as AsyncIterable<TestMessage>) yield { ...m, label: m.label.toUpperCase() };
    })(),
  });
const bang: ServerInterceptor = async function* (req, next) {
  for await (const m of next(req) as AsyncIterable<TestMessage>) yield { ...m, label: `${m.label}!` };
};

describe("server interceptors", () => {
  test("transform requests and responses for every call kind", async () => {
    loop = await startLoopback(echoLabels, { server: { interceptors: [bang, upper] } });
    const c = loop.client;
    expect((await c.unary({ label: "a" })).label).toBe("A!");
    expect((await collect(c.serverStream({ label: "s" }))).map((m) => m.label)).toEqual(["S1!", "S2!"]);
    expect((await c.clientStream([{ label: "x" }, { label: "y" }])).label).toBe("XY!");
    expect((await collect(c.bidi([{ label: "p" }]))).map((m) => m.label)).toEqual(["P!"]);
  });

  test("refuse before the handler runs; set trailers; first listed runs outermost", async () => {
    const log: string[] = [];
    let handled = 0;
    const named = (name: string): ServerInterceptor =>
      async function* (req, next) {
        log.push(`${name} in`);
        try {
          yield* next(req);
        } finally {
          log.push(`${name} out`);
        }
      };
    const auth: ServerInterceptor = async function* (req, next) {
      if (req.context.metadata.get("authorization") !== "Bearer ok") {
        throw new RpcError(Code.UNAUTHENTICATED, "no token");
      }
      req.context.trailer.set("x-user", "ada");
      yield* next(req);
    };
    loop = await startLoopback(
      {
        unary: () => {
          handled++;
          return {};
        },
      },
      { server: { interceptors: [named("outer"), named("inner"), auth] } },
    );
    const error = (await rejection(loop.client.unary({}))) as RpcError;
    expect(error.code).toBe(Code.UNAUTHENTICATED);
    expect(handled).toBe(0);
    let user = "";
    await loop.client.unary(
      {},
      { metadata: { authorization: "Bearer ok" }, onTrailer: (t) => (user = String(t.get("x-user"))) },
    );
    expect(handled).toBe(1);
    expect(user).toBe("ada");
    expect(log).toEqual([
      "outer in",
      "inner in",
      "inner out",
      "outer out",
      "outer in",
      "inner in",
      "inner out",
      "outer out",
    ]);
  });

  test("wrap a handler's error", async () => {
    const wrap: ServerInterceptor = async function* (req, next) {
      try {
        yield* next(req);
      } catch (e) {
        throw new RpcError(Code.UNAVAILABLE, `wrapped: ${e instanceof Error ? e.message : String(e)}`);
      }
    };
    loop = await startLoopback(
      {
        unary: () => {
          throw new Error("boom");
        },
      },
      { server: { interceptors: [wrap] } },
    );
    const error = (await rejection(loop.client.unary({}))) as RpcError;
    expect(error.code).toBe(Code.UNAVAILABLE);
    expect(error.rawMessage).toBe("wrapped: boom");
  });

  test("short-circuit with a response; a unary interceptor yielding twice is INTERNAL", async () => {
    const cached: ServerInterceptor = async function* () {
      yield { label: "cached" };
    };
    const twice: ServerInterceptor = async function* (req, next) {
      yield* next(req);
      yield { label: "extra" };
    };
    loop = await startLoopback(echoLabels, { server: { interceptors: [cached] } });
    expect((await loop.client.unary({ label: "x" })).label).toBe("cached");
    await loop.close();
    loop = await startLoopback(echoLabels, { server: { interceptors: [twice] } });
    expect(((await rejection(loop.client.unary({}))) as RpcError).code).toBe(Code.INTERNAL);
  });
});
