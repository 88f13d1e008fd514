import { afterEach, expect, test } from "vitest";
import type { TestMessage } from "../test-support/bytes-service.js";
import { type Loopback, startLoopback } from "../test-support/loopback.js";

let loop: Loopback | undefined;
afterEach(async () => {
  await loop?.close();
  loop = undefined;
});

const empty = new Uint8Array(0);

test("onShutdown listeners run once when shutdown starts, before the GOAWAY; in-flight streams can still answer", async () => {
  let shuttingDown: () => void = () => {};
  const flipped = new Promise<void>((resolve) => {
    shuttingDown = resolve;
  });
  loop = await startLoopback({
    async *serverStream(_: TestMessage) {
      yield { label: "serving", payload: empty };
      await flipped;
      yield { label: "not serving", payload: empty }; // sent on a stream admitted before the GOAWAY
    },
  });
  const server = loop.server;
  const calls: string[] = [];
  server.onShutdown(() => {
    calls.push("first");
    shuttingDown();
  });
  const unsubscribe = server.onShutdown(() => calls.push("removed"));
  unsubscribe();

  const labels: string[] = [];
  const stream = (async () => {
    for await (const message of loop!.client.serverStream({ label: "watch", payload: empty }))
      labels.push(message.label);
  })();
  while (labels.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));

  const done = server.shutdown({ graceMs: 5000 });
  expect(calls).toEqual(["first"]); // synchronously, as shutdown starts
  server.onShutdown(() => calls.push("late")); // subscribed after the start: called at once
  expect(server.shutdown()).toBe(done); // a second shutdown() calls no listener again
  await stream;
  await done;
  expect(labels).toEqual(["serving", "not serving"]);
  expect(calls).toEqual(["first", "late"]);
});
