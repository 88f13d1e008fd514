/**
 * Ordinary client cancellations against node's own rapid-reset limit. Node 20's nghttp2 (≥ 1.57) rate-limits
 * the RST_STREAMs a client sends: a bucket of 1000, refilled at 33 per second, per connection; when it is
 * empty the connection gets GOAWAY INTERNAL_ERROR. Every call cancelled or expired on the client (and every
 * streaming call the server ends before the client half-closed) costs one. Found by the soak; the runtime's
 * own guard (maxClientResetsPerSecond, packages/h2rpc/src/server/rapid-reset.test.ts) never gets a say.
 */
import { codeName, createChannel, RpcError } from "h2rpc";
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

// KNOWN BUG (runtime, packages/h2rpc/src/server/server-settings.ts http2ServerOptions): node ≥ 22.?/23 takes
// `streamResetBurst` / `streamResetRate` (set them from maxClientResetsPerSecond); node 20 has no knob, so
// h2rpc should at least document it. Remove `.fails` once a connection survives this.
test.fails("KNOWN BUG (runtime): 1200 client cancellations in ~2 s do not cost a bystander call on the same connection", {
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
  const bystander = (async () => {
    const replies: string[] = [];
    for await (const r of client.chat(
      (async function* () {
        yield { name: "first" };
        await sleep(2500);
        yield { name: "second" };
      })(),
    )) {
      replies.push(r.message);
    }
    return replies;
  })().catch((e: unknown) => (e instanceof RpcError ? codeName(e.code) : String(e)));
  let cancelled = 0;
  const worker = async () => {
    while (cancelled < 1200) {
      const controller = new AbortController();
      const call = client.sayHello({ name: "slow" }, { signal: controller.signal }).catch(() => {});
      await sleep(1);
      controller.abort();
      await call;
      cancelled++;
    }
  };
  await Promise.all(Array.from({ length: 20 }, worker));
  expect(await bystander).toEqual(["Hi first", "Hi second"]);
});
