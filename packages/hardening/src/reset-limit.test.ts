/**
 * Ordinary client cancellations against node's own rapid-reset limit. Node 20's nghttp2 (≥ 1.57) rate-limits
 * the RST_STREAMs a client sends: a bucket of 1000, refilled at 33 per second, per connection; when it is
 * empty the connection gets GOAWAY INTERNAL_ERROR. Every call cancelled or expired on the client (and every
 * streaming call the server ends before the client half-closed) costs one. Node 20 has no server-side knob,
 * so the h2rpc client keeps a copy of the bucket per session (transport/reset-budget.ts) and drains a session
 * before it runs dry: new calls go to a fresh connection, calls in flight finish on the old one.
 */
import { Code, codeName, createChannel, RpcError } from "h2rpc";
import { afterEach, expect, test } from "vitest";
import { createGreeterClient } from "./gen/helloworld/greeter.h2rpc.js";
import { type GreeterFixture, startGreeter } from "./support/greeter-fixture.js";
import { sleep } from "./support/wait.js";

let fixture: GreeterFixture | undefined;
const channel = { current: undefined as ReturnType<typeof createChannel> | undefined };
afterEach(async () => {
  channel.current?.close();
  await fixture?.server.forceShutdown();
  fixture = undefined;
});

/** Cancellations per second the workers keep to: over nghttp2's refill (33/s), under h2rpc's own guard (500/s). */
const cancelsPerSecond = 300;
const cancels = 1500;

// 1500 resets in ~5 s: nghttp2 allows 1000 + 33 × 5 ≈ 1165 on one connection. Faster than 500 per second
// on one connection, h2rpc's own rapid-reset guard (maxClientResetsPerSecond) answers ENHANCE_YOUR_CALM:
// that limit is the server operator's policy, and the client does not dodge it.
test(`${cancels} client cancellations at ${cancelsPerSecond}/s do not cost a bystander call on the same connection`, {
  timeout: 20_000,
}, async () => {
  fixture = await startGreeter(
    {},
    {
      async sayHello(request, context) {
        await sleep(request.name === "slow" ? 50 : 0);
        if (context.signal.aborted) throw context.signal.reason;
        return { message: "ok" };
      },
    },
  );
  channel.current = createChannel(`127.0.0.1:${fixture.port}`);
  const client = createGreeterClient(channel.current);
  let workersDone: () => void = () => {};
  const allCancelled = new Promise<void>((resolve) => {
    workersDone = resolve;
  });
  const bystander = (async () => {
    const replies: string[] = [];
    for await (const r of client.chat(
      (async function* () {
        yield { name: "first" };
        await allCancelled;
        yield { name: "second" };
      })(),
    )) {
      replies.push(r.message);
    }
    return replies;
  })().catch((e: unknown) => (e instanceof RpcError ? codeName(e.code) : String(e)));
  let cancelled = 0;
  const failures: string[] = [];
  const workers = 20;
  const cycleMs = (1000 * workers) / cancelsPerSecond;
  const worker = async () => {
    while (cancelled < cancels) {
      const started = Date.now();
      const controller = new AbortController();
      const call = client.sayHello({ name: "slow" }, { signal: controller.signal }).catch((e: unknown) => {
        if (!(e instanceof RpcError) || e.code !== Code.CANCELLED) failures.push(String(e));
      });
      await sleep(1);
      controller.abort();
      await call;
      cancelled++;
      await sleep(Math.max(0, cycleMs - (Date.now() - started)));
    }
  };
  const start = Date.now();
  await Promise.all(Array.from({ length: workers }, worker));
  const seconds = (Date.now() - start) / 1000;
  workersDone();
  expect(await bystander).toEqual(["Hi first", "Hi second"]);
  expect(failures).toEqual([]); // every call ended CANCELLED: no connection was cut off
  const sessions = fixture.server.stats().sessionsTotal;
  console.log(`${cancelled} cancellations in ${seconds.toFixed(1)} s: ${sessions} connections, none cut off`);
  expect(sessions).toBeGreaterThanOrEqual(2); // the first one drained before its budget ran out
  expect(fixture.server.stats().resetFloods).toBe(0);
});
