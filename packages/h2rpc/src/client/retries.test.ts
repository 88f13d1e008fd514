import * as http2 from "node:http2";
import { afterEach, describe, expect, test } from "vitest";
import { Code } from "../core/code.js";
import { RpcError } from "../core/rpc-error.js";
import type { ServiceImplementation } from "../core/server-types.js";
import type { ServiceConfig } from "../core/service-config.js";
import { createServer } from "../server/create-server.js";
import { TestMessageType, TestService } from "../test-support/bytes-service.js";
import { collect, rejection } from "../test-support/loopback.js";
import { startScriptedServer } from "../test-support/scripted-server.js";
import { type ChannelOptions, createChannel } from "../transport/channel.js";
import { encodeFrame } from "../wire/framing.js";
import { parseServiceConfig } from "../wire/service-config-json.js";
import { createClient } from "./create-client.js";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const retryUnavailable = (maxAttempts = 4): ServiceConfig => ({
  methodConfig: [
    {
      name: [{ service: "h2rpc.test.TestService" }],
      retryPolicy: {
        maxAttempts,
        initialBackoffMs: 10,
        maxBackoffMs: 50,
        backoffMultiplier: 2,
        retryableStatusCodes: [Code.UNAVAILABLE],
      },
    },
  ],
});

async function setup(
  implementation: Partial<ServiceImplementation<typeof TestService>>,
  channelOptions: ChannelOptions,
) {
  const server = createServer({ onHandlerError: () => {} }).add(TestService, {
    unary: () => ({}),
    serverStream: () => [],
    clientStream: async () => ({}),
    bidi: () => [],
    ...implementation,
  } as ServiceImplementation<typeof TestService>);
  const port = await server.listen("127.0.0.1:0");
  const channel = createChannel(`127.0.0.1:${port}`, channelOptions);
  cleanups.push(
    () => server.close({ graceMs: 100 }),
    () => channel.close(),
  );
  return createClient(TestService, channel);
}

/** Fails the first `n` attempts of every call with UNAVAILABLE (attempts counted per label). */
function failFirst(n: number) {
  const attempts = new Map<string, number>();
  return {
    attempts,
    check(label: string) {
      const k = (attempts.get(label) ?? 0) + 1;
      attempts.set(label, k);
      if (k <= n) throw new RpcError(Code.UNAVAILABLE, `attempt ${k} fails`);
    },
  };
}

describe("retries (gRFC A6)", () => {
  test("each call kind succeeds after two UNAVAILABLE attempts, the request stream replayed", async () => {
    const f = failFirst(2);
    const client = await setup(
      {
        unary(r) {
          f.check(`u${r.label}`);
          return { label: "unary ok" };
        },
        async *serverStream(r) {
          f.check(`s${r.label}`);
          yield { label: "a" };
          yield { label: "b" };
        },
        async clientStream(rs) {
          const labels: string[] = [];
          for await (const r of rs) labels.push(r.label);
          f.check("c");
          return { label: labels.join("") };
        },
        async *bidi(rs) {
          f.check("b");
          for await (const r of rs) yield r;
        },
      },
      { serviceConfig: retryUnavailable() },
    );
    expect((await client.unary({ label: "1" })).label).toBe("unary ok");
    expect((await collect(client.serverStream({ label: "1" }))).map((m) => m.label)).toEqual(["a", "b"]);
    async function* letters() {
      for (const l of ["x", "y", "z"]) yield { label: l };
    }
    expect((await client.clientStream(letters())).label).toBe("xyz");
    expect((await collect(client.bidi([{ label: "p" }, { label: "q" }]))).map((m) => m.label)).toEqual(["p", "q"]);
    expect([...f.attempts.values()]).toEqual([3, 3, 3, 3]);
  });

  test("a non-retryable status is not retried", async () => {
    let attempts = 0;
    const client = await setup(
      {
        unary() {
          attempts++;
          throw new RpcError(Code.INVALID_ARGUMENT, "no");
        },
      },
      { serviceConfig: retryUnavailable() },
    );
    expect(((await rejection(client.unary({}))) as RpcError).code).toBe(Code.INVALID_ARGUMENT);
    expect(attempts).toBe(1);
  });

  test("maxAttempts bounds the attempts, and is capped at 5 unless raised", async () => {
    let attempts = 0;
    const impl = {
      unary(): never {
        attempts++;
        throw new RpcError(Code.UNAVAILABLE, "down");
      },
    };
    const client = await setup(impl, { serviceConfig: retryUnavailable(10) });
    expect(((await rejection(client.unary({}))) as RpcError).code).toBe(Code.UNAVAILABLE);
    expect(attempts).toBe(5);
    attempts = 0;
    const raised = await setup(impl, { serviceConfig: retryUnavailable(10), maxRetryAttempts: 7 });
    await rejection(raised.unary({}));
    expect(attempts).toBe(7);
  });

  test("once response headers arrived the call is committed and not retried", async () => {
    let attempts = 0;
    const client = await setup(
      {
        async *serverStream() {
          attempts++;
          yield { label: "first" };
          throw new RpcError(Code.UNAVAILABLE, "after a message");
        },
      },
      { serviceConfig: retryUnavailable() },
    );
    const got: string[] = [];
    const error = (await rejection(
      (async () => {
        for await (const m of client.serverStream({})) got.push(m.label);
      })(),
    )) as RpcError;
    expect(error.code).toBe(Code.UNAVAILABLE);
    expect(got).toEqual(["first"]);
    expect(attempts).toBe(1);
  });

  test("a request stream larger than the retry buffer is not retried", async () => {
    let attempts = 0;
    const client = await setup(
      {
        async clientStream(rs) {
          attempts++;
          for await (const _ of rs);
          throw new RpcError(Code.UNAVAILABLE, "down");
        },
      },
      { serviceConfig: retryUnavailable(), perCallRetryBufferBytes: 4096 },
    );
    const big = new Uint8Array(1024);
    async function* many() {
      for (let i = 0; i < 20; i++) yield { label: String(i), payload: big };
    }
    expect(((await rejection(client.clientStream(many()))) as RpcError).code).toBe(Code.UNAVAILABLE);
    expect(attempts).toBe(1);
  });

  test("throttling stops retries under sustained failure, and successes restore them", async () => {
    let attempts = 0;
    let failing = true;
    const client = await setup(
      {
        unary() {
          attempts++;
          if (failing) throw new RpcError(Code.UNAVAILABLE, "down");
          return {};
        },
      },
      { serviceConfig: { ...retryUnavailable(3), retryThrottling: { maxTokens: 10, tokenRatio: 1 } } },
    );
    const perCall: number[] = [];
    for (let i = 0; i < 6; i++) {
      const before = attempts;
      await rejection(client.unary({}));
      perCall.push(attempts - before);
    }
    // tokens 10 → retries allowed while > 5: 3 + 2 (tokens 10→7→5) then no more retries
    expect(perCall.slice(0, 2)).toEqual([3, 2]);
    expect(perCall.slice(2)).toEqual([1, 1, 1, 1]);
    failing = false;
    for (let i = 0; i < 6; i++) await client.unary({});
    failing = true;
    const before = attempts;
    await rejection(client.unary({}));
    expect(attempts - before).toBeGreaterThan(1);
  });
});

describe("retries against a scripted server (headers only gRPC implementations send)", () => {
  const ok = () => encodeFrame(TestMessageType.encode({ label: "ok", payload: new Uint8Array(0) }).finish());

  async function scripted(statusFor: (attempt: number, previous: string | undefined) => Record<string, string> | null) {
    const seen: (string | undefined)[] = [];
    const times: number[] = [];
    const server = await startScriptedServer((stream, headers) => {
      const previous = headers["grpc-previous-rpc-attempts"] as string | undefined;
      seen.push(previous);
      times.push(Date.now());
      stream.on("data", () => {});
      stream.on("end", () => {
        const trailersOnly = statusFor(seen.length, previous);
        if (trailersOnly !== null) {
          stream.respond({ ":status": 200, "content-type": "application/grpc", ...trailersOnly }, { endStream: true });
          return;
        }
        stream.respond({ ":status": 200, "content-type": "application/grpc" }, { waitForTrailers: true });
        stream.on("wantTrailers", () => stream.sendTrailers({ "grpc-status": "0" }));
        stream.end(ok());
      });
    });
    const channel = createChannel(`127.0.0.1:${server.port}`, { serviceConfig: retryUnavailable() });
    cleanups.push(
      () => server.close(),
      () => channel.close(),
    );
    return { client: createClient(TestService, channel), seen, times };
  }

  test("grpc-previous-rpc-attempts counts earlier attempts", async () => {
    const s = await scripted((n) => (n < 3 ? { "grpc-status": "14" } : null));
    expect((await s.client.unary({})).label).toBe("ok");
    expect(s.seen).toEqual([undefined, "1", "2"]);
  });

  test("server pushback sets the delay; a negative pushback stops retrying", async () => {
    const s = await scripted((n) => (n === 1 ? { "grpc-status": "14", "grpc-retry-pushback-ms": "200" } : null));
    await s.client.unary({});
    expect((s.times[1] as number) - (s.times[0] as number)).toBeGreaterThanOrEqual(190);
    const never = await scripted(() => ({ "grpc-status": "14", "grpc-retry-pushback-ms": "-1" }));
    expect(((await rejection(never.client.unary({}))) as RpcError).code).toBe(Code.UNAVAILABLE);
    expect(never.seen).toHaveLength(1);
  });
});

describe("retry pushback from an h2rpc handler (RpcErrorOptions.retryPushbackMs)", () => {
  test("a delay spaces the retry; never stops retrying", async () => {
    const times: number[] = [];
    const client = await setup(
      {
        unary(req) {
          times.push(Date.now());
          if (req.label === "never") throw new RpcError(Code.UNAVAILABLE, "shedding", { retryPushbackMs: "never" });
          if (times.length === 1) throw new RpcError(Code.UNAVAILABLE, "busy", { retryPushbackMs: 250 });
          return {};
        },
      },
      { serviceConfig: retryUnavailable() },
    );
    await client.unary({ label: "wait" });
    expect(times).toHaveLength(2);
    expect((times[1] as number) - (times[0] as number)).toBeGreaterThanOrEqual(240);
    times.length = 0;
    expect(((await rejection(client.unary({ label: "never" }))) as RpcError).code).toBe(Code.UNAVAILABLE);
    expect(times).toHaveLength(1);
  });

  test("a bad value is refused when the error is made", () => {
    expect(() => new RpcError(Code.UNAVAILABLE, "x", { retryPushbackMs: -5 })).toThrow(/retryPushbackMs/);
  });
});

describe("hedging", () => {
  test("a slow first attempt is overtaken by a hedge; the loser is cancelled", async () => {
    let attempt = 0;
    let loserCancelled: Promise<void> | undefined;
    const client = await setup(
      {
        async unary(_r, ctx) {
          const n = ++attempt;
          if (n === 1) {
            loserCancelled = new Promise((r) => ctx.signal.addEventListener("abort", () => r()));
            await sleep(1000);
          }
          return { label: `attempt ${n}` };
        },
      },
      {
        serviceConfig: {
          methodConfig: [
            {
              name: [{ service: "h2rpc.test.TestService", method: "Unary" }],
              hedgingPolicy: { maxAttempts: 3, hedgingDelayMs: 50, nonFatalStatusCodes: [Code.UNAVAILABLE] },
            },
          ],
        },
      },
    );
    const t0 = Date.now();
    expect((await client.unary({})).label).toBe("attempt 2");
    // well before the first attempt's 1 s: the hedge's answer did not wait for it (margin for a loaded machine)
    expect(Date.now() - t0).toBeLessThan(800);
    await loserCancelled;
  });

  test("a fatal status ends a hedged call at once", async () => {
    let attempts = 0;
    const client = await setup(
      {
        async unary() {
          attempts++;
          await sleep(20);
          throw new RpcError(Code.NOT_FOUND, "nope");
        },
      },
      {
        serviceConfig: {
          methodConfig: [
            {
              name: [{ service: "h2rpc.test.TestService" }],
              hedgingPolicy: { maxAttempts: 4, hedgingDelayMs: 200, nonFatalStatusCodes: [Code.UNAVAILABLE] },
            },
          ],
        },
      },
    );
    expect(((await rejection(client.unary({}))) as RpcError).code).toBe(Code.NOT_FOUND);
    expect(attempts).toBe(1);
  });
});

describe("service config", () => {
  test("gRPC's JSON form parses: durations, code names, throttling", () => {
    const config = parseServiceConfig(
      JSON.stringify({
        methodConfig: [
          {
            name: [{ service: "pkg.Svc", method: "Get" }],
            timeout: "1.5s",
            waitForReady: true,
            retryPolicy: {
              maxAttempts: 3,
              initialBackoff: "0.1s",
              maxBackoff: "1s",
              backoffMultiplier: 2,
              retryableStatusCodes: ["UNAVAILABLE", 4],
            },
          },
        ],
        retryThrottling: { maxTokens: 10, tokenRatio: 0.1 },
      }),
    );
    expect(config.methodConfig?.[0]).toMatchObject({
      timeoutMs: 1500,
      waitForReady: true,
      retryPolicy: { maxAttempts: 3, initialBackoffMs: 100, maxBackoffMs: 1000, retryableStatusCodes: [14, 4] },
    });
    expect(config.retryThrottling).toEqual({ maxTokens: 10, tokenRatio: 0.1 });
    expect(() => parseServiceConfig({ methodConfig: [{ name: [], timeout: "soon" }] })).toThrow(/timeout/);
    expect(() =>
      createChannel("127.0.0.1:1", {
        serviceConfig: {
          methodConfig: [
            {
              name: [],
              retryPolicy: {
                maxAttempts: 1,
                initialBackoffMs: 1,
                maxBackoffMs: 1,
                backoffMultiplier: 1,
                retryableStatusCodes: [14],
              },
            },
          ],
        },
      }),
    ).toThrow(/maxAttempts/);
  });

  test("a method timeout from the config combines with the call's deadline (the earlier wins)", async () => {
    const client = await setup(
      {
        async unary(r) {
          await sleep(Number(r.label));
          return {};
        },
      },
      // 400 ms: room for the 10 ms call below to make it on a loaded machine
      { serviceConfig: { methodConfig: [{ name: [{ service: "h2rpc.test.TestService" }], timeoutMs: 400 }] } },
    );
    expect(((await rejection(client.unary({ label: "1200" }))) as RpcError).code).toBe(Code.DEADLINE_EXCEEDED);
    expect(((await rejection(client.unary({ label: "1200" }, { timeoutMs: 5000 }))) as RpcError).code).toBe(
      Code.DEADLINE_EXCEEDED,
    );
    await expect(client.unary({ label: "10" })).resolves.toBeDefined();
  });
});

void http2;
