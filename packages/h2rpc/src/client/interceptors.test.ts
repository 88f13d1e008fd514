import { afterEach, describe, expect, test } from "vitest";
import { Code } from "../core/code.js";
import type { ClientCallResponse, ClientInterceptor } from "../core/interceptors.js";
import { Metadata } from "../core/metadata.js";
import { RpcError } from "../core/rpc-error.js";
import { echoLabels, type TestMessage, TestService } from "../test-support/bytes-service.js";
import { collect, type Loopback, rejection, startLoopback } from "../test-support/loopback.js";
import { createChannel } from "../transport/channel.js";
import { createClient } from "./create-client.js";

let loop: Loopback | undefined;
afterEach(async () => {
  await loop?.close();
  loop = undefined;
});

async function* mapAsync<T, U>(source: AsyncIterable<T>, fn: (t: T) => U): AsyncGenerator<U> {
  for await (const item of source) yield fn(item);
}

const upperRequests: ClientInterceptor = (req, next) =>
  next({
    ...req,
    requests: mapAsync(req.requests as AsyncIterable<TestMessage>, (m) => ({ ...m, label: m.label.toUpperCase() })),
  });
const suffixResponses: ClientInterceptor = async (req, next) => {
  const res = await next(req);
  return {
    ...res,
    messages: mapAsync(res.messages as AsyncIterable<TestMessage>, (m) => ({ ...m, label: `${m.label}!` })),
  };
};

describe("client interceptors", () => {
  test("transform messages both ways, for every call kind", async () => {
    loop = await startLoopback(echoLabels, { client: { interceptors: [upperRequests, suffixResponses] } });
    const c = loop.client;
    expect((await c.unary({ label: "a" })).label).toBe("A!");
    expect((await collect(c.serverStream({ label: "s" }))).map((m) => m.label)).toEqual(["S1!", "S2!"]);
    expect((await c.clientStream([{ label: "x" }, { label: "y" }])).label).toBe("XY!");
    expect((await collect(c.bidi([{ label: "p" }, { label: "q" }]))).map((m) => m.label)).toEqual(["P!", "Q!"]);
  });

  test("add request metadata, and see response headers and trailers", async () => {
    loop = await startLoopback({
      unary(_r, ctx) {
        ctx.header.set("x-h", ctx.metadata.getString("authorization") ?? "none");
        ctx.trailer.set("x-t", "t");
        return { label: "ok" };
      },
    });
    const seen: string[] = [];
    const auth: ClientInterceptor = async (req, next) => {
      req.metadata.set("authorization", "Bearer 123");
      const res = await next(req);
      void res.headers.then((h) => seen.push(`header ${h.get("x-h")}`));
      void res.trailers.then((t) => seen.push(`trailer ${t.get("x-t")}`));
      return res;
    };
    let userHeader = "";
    await loop.client.unary({}, { interceptors: [auth], onHeader: (h) => (userHeader = String(h.get("x-h"))) });
    await new Promise((r) => setTimeout(r, 10));
    expect(seen).toEqual(["header Bearer 123", "trailer t"]);
    expect(userHeader).toBe("Bearer 123");
  });

  test("behave like plain calls at the edges: bad metadata fails the call, Trailers-Only has no headers", async () => {
    const passThrough: ClientInterceptor = (req, next) => next(req);
    loop = await startLoopback(
      {
        unary: () => {
          throw new RpcError(Code.NOT_FOUND, "nope");
        },
      },
      { client: { interceptors: [passThrough] } },
    );
    const bad = loop.client.unary({}, { metadata: { "bad key": "x" } });
    expect(((await rejection(bad)) as RpcError).code).toBe(Code.INVALID_ARGUMENT);
    for (const client of [loop.client, createClient(TestService, loop.channel)]) {
      let headerSeen = false;
      let trailerSeen = false;
      const error = (await rejection(
        client.unary(
          {},
          {
            onHeader: () => {
              headerSeen = true;
            },
            onTrailer: () => {
              trailerSeen = true;
            },
          },
        ),
      )) as RpcError;
      expect(error.code).toBe(Code.NOT_FOUND);
      expect({ headerSeen, trailerSeen }).toEqual({ headerSeen: false, trailerSeen: true });
    }
  });

  test("order: channel, then client, then call; the first listed runs outermost", async () => {
    const log: string[] = [];
    const named =
      (name: string): ClientInterceptor =>
      async (req, next) => {
        log.push(`${name} in`);
        const res = await next(req);
        log.push(`${name} out`);
        return res;
      };
    loop = await startLoopback(echoLabels);
    const channel = createChannel(`127.0.0.1:${loop.port}`, { interceptors: [named("channel")] });
    const client = createClient(TestService, channel, { interceptors: [named("client1"), named("client2")] });
    await client.unary({}, { interceptors: [named("call")] });
    channel.close();
    expect(log).toEqual([
      "channel in",
      "client1 in",
      "client2 in",
      "call in",
      "call out",
      "client2 out",
      "client1 out",
      "channel out",
    ]);
  });

  test("short-circuit with a response (no network) or with an RpcError", async () => {
    let handled = 0;
    loop = await startLoopback({
      unary: () => {
        handled++;
        return {};
      },
    });
    const cached: ClientInterceptor = () =>
      ({
        headers: Promise.resolve(new Metadata()),
        messages: (async function* () {
          yield { label: "from cache", payload: new Uint8Array(0) };
        })(),
        trailers: Promise.resolve(new Metadata()),
      }) satisfies ClientCallResponse;
    const deny: ClientInterceptor = () => {
      throw new RpcError(Code.PERMISSION_DENIED, "not today");
    };
    expect((await loop.client.unary({}, { interceptors: [cached] })).label).toBe("from cache");
    expect(((await rejection(loop.client.unary({}, { interceptors: [deny] }))) as RpcError).code).toBe(
      Code.PERMISSION_DENIED,
    );
    expect(handled).toBe(0);
  });

  test("wrap errors coming back", async () => {
    loop = await startLoopback({
      unary: () => {
        throw new RpcError(Code.NOT_FOUND, "gone");
      },
    });
    const wrap: ClientInterceptor = async (req, next) => {
      const res = await next(req);
      return {
        ...res,
        messages: (async function* () {
          try {
            yield* res.messages;
          } catch (e) {
            throw new RpcError(Code.FAILED_PRECONDITION, `wrapped: ${(e as RpcError).rawMessage}`, { cause: e });
          }
        })(),
      };
    };
    const error = (await rejection(loop.client.unary({}, { interceptors: [wrap] }))) as RpcError;
    expect(error.code).toBe(Code.FAILED_PRECONDITION);
    expect(error.rawMessage).toBe("wrapped: gone");
  });

  test("breaking out of an intercepted stream still cancels the call", async () => {
    let aborted: Promise<void> | undefined;
    loop = await startLoopback({
      async *serverStream(_r, ctx) {
        aborted = new Promise((r) => ctx.signal.addEventListener("abort", () => r()));
        for (let i = 0; ; i++) {
          yield { label: String(i) };
          await new Promise((r) => setTimeout(r, 5));
        }
      },
    });
    for await (const m of loop.client.serverStream({}, { interceptors: [suffixResponses] }))
      if (m.label === "2!") break;
    await aborted;
  });
});
