import { afterEach, describe, expect, test } from "vitest";
import { Code } from "../core/code.js";
import { RpcError } from "../core/rpc-error.js";
import { TestService } from "../test-support/bytes-service.js";
import { type Loopback, rejection, startLoopback } from "../test-support/loopback.js";
import { createChannel } from "../transport/channel.js";
import { createClient } from "./create-client.js";

let loop: Loopback | undefined;
afterEach(async () => {
  await loop?.close();
  loop = undefined;
});

/** A promise with its resolver, for handlers to report what they saw. */
function signalWatcher() {
  let resolve!: (reason: unknown) => void;
  const aborted = new Promise<unknown>((r) => {
    resolve = r;
  });
  return { aborted, watch: (signal: AbortSignal) => signal.addEventListener("abort", () => resolve(signal.reason)) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("cancellation", () => {
  test("aborting a unary call fails it with CANCELLED and aborts the handler's signal", async () => {
    const w = signalWatcher();
    let started!: () => void;
    const handlerStarted = new Promise<void>((r) => {
      started = r;
    });
    loop = await startLoopback({
      async unary(_req, ctx) {
        w.watch(ctx.signal);
        started();
        await new Promise((r) => setTimeout(r, 10_000).unref());
        return {};
      },
    });
    const controller = new AbortController();
    const call = loop.client.unary({}, { signal: controller.signal });
    await handlerStarted;
    const t0 = Date.now();
    controller.abort();
    const error = (await rejection(call)) as RpcError;
    expect(error.code).toBe(Code.CANCELLED);
    const reason = (await w.aborted) as RpcError;
    expect(reason.code).toBe(Code.CANCELLED);
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  test("an already-aborted signal fails at once without a request", async () => {
    let calls = 0;
    loop = await startLoopback({
      unary: () => {
        calls++;
        return {};
      },
    });
    const error = (await rejection(loop.client.unary({}, { signal: AbortSignal.abort() }))) as RpcError;
    expect(error.code).toBe(Code.CANCELLED);
    expect(calls).toBe(0);
  });

  test("breaking out of for-await over a response stream cancels the call on the server", async () => {
    const w = signalWatcher();
    loop = await startLoopback({
      async *serverStream(_req, ctx) {
        w.watch(ctx.signal);
        for (let i = 0; ; i++) {
          yield { label: String(i) };
          await sleep(5);
        }
      },
    });
    for await (const m of loop.client.serverStream({})) {
      if (m.label === "2") break;
    }
    expect(((await w.aborted) as RpcError).code).toBe(Code.CANCELLED);
  });

  test("cancelling a bidi call stops the handler (its signal says CANCELLED)", async () => {
    let handlerReason: unknown;
    let done!: () => void;
    const finished = new Promise<void>((r) => {
      done = r;
    });
    loop = await startLoopback({
      async *bidi(requests, ctx) {
        try {
          for await (const r of requests) yield r;
        } finally {
          handlerReason = ctx.signal.reason;
          done();
        }
      },
    });
    const controller = new AbortController();
    async function* forever() {
      for (let i = 0; ; i++) {
        yield { label: String(i) };
        await sleep(5);
      }
    }
    const error = await rejection(
      (async () => {
        for await (const m of loop!.client.bidi(forever(), { signal: controller.signal })) {
          if (m.label === "3") controller.abort();
        }
      })(),
    );
    expect((error as RpcError).code).toBe(Code.CANCELLED);
    await finished;
    expect((handlerReason as RpcError).code).toBe(Code.CANCELLED);
  });

  test("a request stream that throws cancels the call with that error", async () => {
    loop = await startLoopback({
      async clientStream(requests) {
        for await (const _ of requests);
        return {};
      },
    });
    async function* failing() {
      yield { label: "1" };
      throw new RpcError(Code.ABORTED, "producer failed");
    }
    const error = (await rejection(loop.client.clientStream(failing()))) as RpcError;
    expect(error.code).toBe(Code.ABORTED);
  });
});

describe("deadlines", () => {
  test("a slow handler: both sides end with DEADLINE_EXCEEDED", async () => {
    const w = signalWatcher();
    loop = await startLoopback({
      async unary(_req, ctx) {
        w.watch(ctx.signal);
        await sleep(2000);
        return {};
      },
    });
    const t0 = Date.now();
    const error = (await rejection(loop.client.unary({}, { timeoutMs: 100 }))) as RpcError;
    expect(error.code).toBe(Code.DEADLINE_EXCEEDED);
    expect(Date.now() - t0).toBeLessThan(1000);
    // the client's timer and the server's race: the server sees its own deadline or the client's RST(CANCEL)
    expect([Code.DEADLINE_EXCEEDED, Code.CANCELLED]).toContain(((await w.aborted) as RpcError).code);
  });

  test("a call that waited for a stream sends the time left then, not the time it started with", async () => {
    let serverDeadline: number | undefined;
    let receivedAt: number | undefined;
    let slowDoneAt: number | undefined;
    loop = await startLoopback(
      {
        async unary(req, ctx) {
          if (req.label === "slow") {
            await sleep(400);
            slowDoneAt = Date.now();
          } else {
            serverDeadline = ctx.deadline;
            receivedAt = Date.now();
          }
          return {};
        },
      },
      { server: { maxConcurrentStreams: 1 } },
    );
    const channel = createChannel(`127.0.0.1:${loop.port}`, { maxSessions: 1 });
    const client = createClient(TestService, channel);
    await client.unary({ label: "warm" }); // learn the server's limit of 1 stream
    const slow = client.unary({ label: "slow" });
    const deadline = Date.now() + 2000;
    await client.unary({ label: "waiting" }, { deadline });
    await slow;
    channel.close();
    // the server derives its deadline from grpc-timeout on arrival. The waiting call can only have been
    // sent once the slow one was done, so the time it sends is at most what was left then; had it sent
    // the time it started with, its server would get ~400 ms more. Measured from arrival, not against the
    // client's deadline, so the transit time (long on a loaded machine) is not counted.
    expect(serverDeadline).toBeDefined();
    expect(serverDeadline! - receivedAt!).toBeLessThanOrEqual(deadline - slowDoneAt! + 5);
  });

  test("a deadline already past fails before sending", async () => {
    loop = await startLoopback({ unary: () => ({}) });
    const error = (await rejection(loop.client.unary({}, { deadline: Date.now() - 1 }))) as RpcError;
    expect(error.code).toBe(Code.DEADLINE_EXCEEDED);
  });

  test("a client-wide default timeout applies, and a call's own wins", async () => {
    loop = await startLoopback(
      {
        async unary(req) {
          await sleep(Number(req.label));
          return {};
        },
      },
      { client: { timeoutMs: 50 } },
    );
    expect(((await rejection(loop.client.unary({ label: "300" }))) as RpcError).code).toBe(Code.DEADLINE_EXCEEDED);
    await expect(loop.client.unary({ label: "100" }, { timeoutMs: 2000 })).resolves.toBeDefined();
  });
});

describe("deadlines without a reset (rapid-reset budgets)", () => {
  test("a fully sent call past its deadline is not reset: the server ends it with its own DEADLINE_EXCEEDED", async () => {
    let reason: unknown;
    let done!: () => void;
    const ended = new Promise<void>((r) => {
      done = r;
    });
    loop = await startLoopback({
      async unary(_req, ctx) {
        await new Promise<void>((r) => ctx.signal.addEventListener("abort", () => r()));
        reason = ctx.signal.reason;
        done();
        return {};
      },
    });
    const error = (await rejection(loop.client.unary({}, { timeoutMs: 100 }))) as RpcError;
    expect(error.code).toBe(Code.DEADLINE_EXCEEDED);
    await ended;
    expect((reason as RpcError).code).toBe(Code.DEADLINE_EXCEEDED); // not CANCELLED by a client RST
  });

  test("a server that ignores grpc-timeout still gets the stream reset after a grace", async () => {
    const { startScriptedServer } = await import("../test-support/scripted-server.js");
    let rst: Promise<number> | undefined;
    const server = await startScriptedServer((stream) => {
      stream.on("data", () => {});
      rst = new Promise((r) => stream.once("close", () => r(stream.rstCode)));
    });
    const { createChannel } = await import("../transport/channel.js");
    const { createClient } = await import("./create-client.js");
    const { TestService } = await import("../test-support/bytes-service.js");
    const channel = createChannel(`127.0.0.1:${server.port}`);
    const t0 = Date.now();
    const error = (await rejection(createClient(TestService, channel).unary({}, { timeoutMs: 50 }))) as RpcError;
    expect(error.code).toBe(Code.DEADLINE_EXCEEDED);
    expect(await rst).toBe(8); // CANCEL
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1900);
    channel.close();
    await server.close();
  }, 10_000);
});
