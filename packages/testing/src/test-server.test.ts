import { Code, createChannel, createClient, type ServiceImplementation } from "h2rpc";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { LeakError } from "./leak-error.js";
import { startTestServer, type TestServer, type TestServerOptions } from "./test-server.js";
import { collect, EchoService, echo, messages, rejection } from "./test-support/echo-service.js";

/** A test server with `implementation` over the echo service. */
function start(implementation: Partial<ServiceImplementation<typeof EchoService>> = {}, options?: TestServerOptions) {
  return startTestServer((server) => void server.add(EchoService, { ...echo, ...implementation }), options);
}

/** For tests that leak on purpose: the check gives up sooner (clean tests keep the default 1 s). */
const leaky = { settleMs: 200 };

describe("as vitest's beforeAll/afterAll", () => {
  let testServer: TestServer;
  beforeAll(async () => {
    testServer = await startTestServer((server) => void server.add(EchoService, echo));
  });
  afterAll(() => testServer.close());

  test("serves on an ephemeral loopback port", () => {
    expect(testServer.port).toBeGreaterThan(0);
    expect(testServer.target).toBe(`127.0.0.1:${testServer.port}`);
  });

  test("client() and channel() call it; close() closes them", async () => {
    const client = testServer.client(EchoService);
    expect(await client.unary({ text: "hi" })).toEqual({ text: "hi" });
    expect(await collect(client.serverStream({ text: "s" }))).toHaveLength(3);
    expect(await client.clientStream(messages("a", "b"))).toEqual({ text: "a,b" });
    const other = createClient(EchoService, testServer.channel({ idleTimeoutMs: 60_000 }));
    expect(await collect(other.bidi(messages("x")))).toEqual([{ text: "x" }]);
  });
});

test("close() passes when the test left nothing open, and is idempotent", async () => {
  const testServer = await start();
  await testServer.client(EchoService).unary({ text: "clean" });
  // a channel the test made itself, closed by the test
  const own = createChannel(testServer.target);
  await createClient(EchoService, own).unary({ text: "own" });
  own.close();
  const closing = testServer.close();
  expect(testServer.close()).toBe(closing);
  await closing;
  expect(testServer.server.stats()).toMatchObject({ sessionsOpen: 0, streamsActive: 0 });
  expect(() => testServer.channel()).toThrow(/closed/);
});

test("leak: a channel the test made and never closed", async () => {
  const testServer = await start({}, leaky);
  const forgotten = createChannel(testServer.target);
  try {
    await createClient(EchoService, forgotten).unary({ text: "leak" });
    const error = await rejection(testServer.close());
    expect(error).toBeInstanceOf(LeakError);
    expect((error as LeakError).message).toMatch(/1 connection to the server from clients the test made itself/);
    expect((error as LeakError).message).toMatch(/close every channel and client the test created/);
  } finally {
    forgotten.close();
  }
});

test("leak: a ref'ed timer a handler set and never cleared", async () => {
  let timer: NodeJS.Timeout | undefined;
  const testServer = await start(
    {
      unary(request) {
        timer = setTimeout(function forgottenTimer() {}, 60_000);
        return request;
      },
    },
    leaky,
  );
  try {
    await testServer.client(EchoService).unary({ text: "timer" });
    const error = (await rejection(testServer.close())) as LeakError;
    expect(error).toBeInstanceOf(LeakError);
    expect(error.leaks).toEqual([expect.objectContaining({ type: "Timeout" })]);
    expect(error.message).toContain("a ref'ed timer: setTimeout(forgottenTimer, 60000 ms)");
    expect(error.message).toMatch(/clear the timers the test or its handlers set/);
    expect(error.message).toMatch(/trackStacks: true/);
  } finally {
    clearTimeout(timer);
  }
});

test("an unref'ed timer is no leak", async () => {
  let timer: NodeJS.Timeout | undefined;
  const testServer = await start({
    unary(request) {
      timer = setTimeout(() => {}, 60_000).unref();
      return request;
    },
  });
  try {
    await testServer.client(EchoService).unary({ text: "timer" });
    await testServer.close();
  } finally {
    clearTimeout(timer);
  }
});

test("leak: a server stream the test left open", async () => {
  const testServer = await start(
    {
      async *serverStream(request, context) {
        yield request;
        await new Promise((resolve) => context.signal.addEventListener("abort", resolve, { once: true }));
      },
    },
    leaky,
  );
  const stream = testServer.client(EchoService).serverStream({ text: "open" })[Symbol.asyncIterator]();
  expect((await stream.next()).value).toEqual({ text: "open" });
  const error = (await rejection(testServer.close())) as LeakError;
  expect(error).toBeInstanceOf(LeakError);
  expect(error.message).toMatch(/1 call open on the server/);
  expect(error.message).toMatch(/1 call open on the channel to 127\.0\.0\.1:\d+/);
  expect(error.message).toMatch(/finish or cancel every call/);
  // close() closed the channel: the stream ends with UNAVAILABLE
  expect(await rejection(stream.next())).toMatchObject({ code: Code.UNAVAILABLE });
});

test("trackStacks: the report says where the leaked resource was created", async () => {
  let timer: NodeJS.Timeout | undefined;
  const testServer = await start(
    {
      unary(request) {
        timer = setTimeout(() => {}, 60_000);
        return request;
      },
    },
    { ...leaky, trackStacks: true },
  );
  try {
    await testServer.client(EchoService).unary({ text: "where" });
    const error = (await rejection(testServer.close())) as LeakError;
    expect(error.leaks[0]?.createdAt).toMatch(/test-server\.test\.ts:\d+/);
    expect(error.message).toMatch(/created at:\n\s+at .*test-server\.test\.ts:\d+/);
    expect(error.message).not.toMatch(/pass \{ trackStacks: true \}/);
  } finally {
    clearTimeout(timer);
  }
});

test("close() checks with its own clock while the test's timers are fake", async () => {
  const testServer = await start();
  await testServer.client(EchoService).unary({ text: "fake time" });
  vi.useFakeTimers();
  try {
    await testServer.close();
  } finally {
    vi.useRealTimers();
  }
});

test("leakCheck: false only tears down", async () => {
  let timer: NodeJS.Timeout | undefined;
  const testServer = await start(
    {
      unary(request) {
        timer = setTimeout(() => {}, 60_000);
        return request;
      },
    },
    { leakCheck: false },
  );
  try {
    await testServer.client(EchoService).unary({ text: "unchecked" });
    await testServer.close();
    expect(testServer.server.stats().sessionsOpen).toBe(0);
  } finally {
    clearTimeout(timer);
  }
});

test("a failing setup stops the tracking and the server", async () => {
  await expect(
    startTestServer(() => {
      throw new Error("bad setup");
    }),
  ).rejects.toThrow("bad setup");
});
