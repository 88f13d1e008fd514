import { type Channel, Code, createChannel, createServer, RpcError, type Server, type ServerCallContext } from "h2rpc";
import { afterEach, describe, expect, test } from "vitest";
import { createHealthClient, type HealthClient } from "./gen/grpc/health/v1/health.h2rpc.js";
import { HealthCheckResponse_ServingStatus as S } from "./gen/grpc/health/v1/health.js";
import { createHealth, type Health, type HealthOptions } from "./health.js";

interface Setup {
  health: Health;
  server: Server;
  channel: Channel;
  client: HealthClient;
}

let setup: Setup | undefined;
afterEach(async () => {
  setup?.channel.close();
  await setup?.server.forceShutdown();
  setup = undefined;
});

/** A server with health attached on 127.0.0.1 and an h2rpc client of it. */
async function start(options?: HealthOptions): Promise<Setup> {
  const health = createHealth(options);
  const server = createServer();
  health.attach(server);
  const port = await server.listen("127.0.0.1:0");
  const channel = createChannel(`127.0.0.1:${port}`);
  setup = { health, server, channel, client: createHealthClient(channel) };
  return setup;
}

/** Reads a stream in the background; `next()` resolves with the next status, `done` when it ends. */
function reader(stream: AsyncIterable<{ status: S }>) {
  const received: S[] = [];
  let wake: () => void = () => {};
  let ended = false;
  const done = (async () => {
    try {
      for await (const message of stream) {
        received.push(message.status);
        wake();
      }
    } finally {
      ended = true;
      wake();
    }
  })();
  done.catch(() => {});
  let read = 0;
  return {
    received,
    done,
    /** The next status received, or "end" when the stream ended without one. */
    async next(): Promise<S | "end"> {
      while (read >= received.length && !ended) await new Promise<void>((resolve) => (wake = resolve));
      return read < received.length ? received[read++]! : "end";
    },
  };
}

/** Polls `predicate` every 5 ms; fails after `timeoutMs`. */
async function waitFor(predicate: () => boolean, timeoutMs = 2000): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function rejection(promise: Promise<unknown>): Promise<RpcError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RpcError) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}

const timeoutMs = 2000;

describe("Check", () => {
  test('"" is SERVING by default; named services answer what was set; unknown ones fail with NOT_FOUND', async () => {
    const { health, client } = await start();
    expect(await client.check({ service: "" }, { timeoutMs })).toEqual({ status: S.SERVING });
    expect(await client.check({}, { timeoutMs })).toEqual({ status: S.SERVING });

    health.setStatus("helloworld.Greeter", "NOT_SERVING");
    expect(await client.check({ service: "helloworld.Greeter" }, { timeoutMs })).toEqual({ status: S.NOT_SERVING });
    health.setStatus("helloworld.Greeter", "SERVING");
    expect(await client.check({ service: "helloworld.Greeter" }, { timeoutMs })).toEqual({ status: S.SERVING });
    health.setStatus("helloworld.Greeter", "UNKNOWN");
    expect(await client.check({ service: "helloworld.Greeter" }, { timeoutMs })).toEqual({ status: S.UNKNOWN });

    const unknown = await rejection(client.check({ service: "no.Such" }, { timeoutMs }));
    expect(unknown.code).toBe(Code.NOT_FOUND);
    expect(unknown.rawMessage).toContain("no.Such");

    health.clear("helloworld.Greeter");
    expect(health.getStatus("helloworld.Greeter")).toBeUndefined();
    expect((await rejection(client.check({ service: "helloworld.Greeter" }, { timeoutMs }))).code).toBe(Code.NOT_FOUND);
    health.clear();
    expect((await rejection(client.check({ service: "" }, { timeoutMs }))).code).toBe(Code.NOT_FOUND);
  });

  test("initial statuses: given ones replace the default of the overall status", async () => {
    const { health, client } = await start({ statuses: { "": "NOT_SERVING", "a.B": "SERVING" } });
    expect(health.getStatus("")).toBe("NOT_SERVING");
    expect(await client.check({ service: "" }, { timeoutMs })).toEqual({ status: S.NOT_SERVING });
    expect(await client.check({ service: "a.B" }, { timeoutMs })).toEqual({ status: S.SERVING });
    expect(createHealth({ statuses: { "a.B": "SERVING" } }).getStatus("")).toBe("SERVING");
  });

  test("setStatus refuses what is not a status", () => {
    const health = createHealth();
    expect(() => health.setStatus("a.B", "SERVICE_UNKNOWN" as never)).toThrow(TypeError);
    expect(() => health.setStatus("a.B", 1 as never)).toThrow(TypeError);
    expect(() => health.setStatus(undefined as never, "SERVING")).toThrow(TypeError);
    expect(health.getStatus("a.B")).toBeUndefined();
  });
});

describe("Watch", () => {
  test("sends the current status first, then only changes", async () => {
    const { health, client } = await start({ statuses: { "a.B": "NOT_SERVING" } });
    const controller = new AbortController();
    const watch = reader(client.watch({ service: "a.B" }, { signal: controller.signal }));
    expect(await watch.next()).toBe(S.NOT_SERVING);
    health.setStatus("a.B", "NOT_SERVING"); // no change: nothing sent
    health.setStatus("a.B", "SERVING");
    expect(await watch.next()).toBe(S.SERVING);
    health.setStatus("a.B", "SERVING");
    health.setStatus("other.Service", "NOT_SERVING"); // another service: nothing sent
    health.setStatus("a.B", "NOT_SERVING");
    expect(await watch.next()).toBe(S.NOT_SERVING);
    expect(watch.received).toEqual([S.NOT_SERVING, S.SERVING, S.NOT_SERVING]);
    controller.abort();
    await watch.done.catch(() => {});
  });

  test("an unknown service streams SERVICE_UNKNOWN and stays open; it gets the status once set, and again when cleared", async () => {
    const { health, client } = await start();
    const controller = new AbortController();
    const watch = reader(client.watch({ service: "later.Service" }, { signal: controller.signal }));
    expect(await watch.next()).toBe(S.SERVICE_UNKNOWN);
    health.setStatus("later.Service", "SERVING");
    expect(await watch.next()).toBe(S.SERVING);
    health.clear("later.Service");
    expect(await watch.next()).toBe(S.SERVICE_UNKNOWN);
    controller.abort();
    await watch.done.catch(() => {});
  });

  test("a client that cancels (abort or break) ends its Watch: no watcher is left behind", async () => {
    const { health, client } = await start();
    const controllers = Array.from({ length: 20 }, () => new AbortController());
    const watches = controllers.map((c, i) =>
      reader(client.watch({ service: i % 2 ? "" : "x.Y" }, { signal: c.signal })),
    );
    for (const watch of watches) await watch.next();
    expect(health.watcherCount).toBe(20);
    for (const controller of controllers) controller.abort();
    await Promise.allSettled(watches.map((w) => w.done));
    await waitFor(() => health.watcherCount === 0);

    for await (const message of client.watch({ service: "" })) {
      expect(message.status).toBe(S.SERVING);
      break; // cancels the call
    }
    await waitFor(() => health.watcherCount === 0);
    health.setStatus("", "NOT_SERVING"); // nobody left to notify
    health.setStatus("x.Y", "SERVING");
  });

  test("a watcher that cannot keep up only ever has the latest status pending", async () => {
    // Driven directly, without a network: the handler is not resumed while its last message is "being written".
    const health = createHealth({ statuses: { "a.B": "SERVING" } });
    const controller = new AbortController();
    const context = { signal: controller.signal } as ServerCallContext;
    const watch = (health.implementation.watch({ service: "a.B" }, context) as AsyncIterable<{ status: S }>)[
      Symbol.asyncIterator
    ]();
    expect((await watch.next()).value).toEqual({ status: S.SERVING });
    for (let i = 0; i < 100_000; i++) health.setStatus("a.B", i % 2 === 0 ? "NOT_SERVING" : "SERVING");
    health.setStatus("a.B", "NOT_SERVING");
    expect((await watch.next()).value).toEqual({ status: S.NOT_SERVING }); // only the latest
    const pending = watch.next();
    const raced = await Promise.race([pending, new Promise((resolve) => setTimeout(() => resolve("waiting"), 20))]);
    expect(raced).toBe("waiting"); // nothing else queued
    health.setStatus("a.B", "SERVING");
    health.setStatus("a.B", "NOT_SERVING"); // back to what was sent: no message
    health.setStatus("a.B", "UNKNOWN");
    expect((await pending).value).toEqual({ status: S.UNKNOWN });
    controller.abort();
    expect((await watch.next()).done).toBe(true);
    expect(health.watcherCount).toBe(0);
  });
});

describe("shutdown", () => {
  test("health.shutdown() sets everything NOT_SERVING, ends watchers after telling them, and freezes the statuses", async () => {
    const { health, client } = await start({ statuses: { "a.B": "SERVING" } });
    const overall = reader(client.watch({ service: "" }, { timeoutMs: 5000 }));
    const named = reader(client.watch({ service: "a.B" }, { timeoutMs: 5000 }));
    const unknown = reader(client.watch({ service: "never.Set" }, { timeoutMs: 5000 }));
    expect([await overall.next(), await named.next(), await unknown.next()]).toEqual([
      S.SERVING,
      S.SERVING,
      S.SERVICE_UNKNOWN,
    ]);

    health.shutdown();
    expect(health.isShutdown).toBe(true);
    expect([await overall.next(), await named.next(), await unknown.next()]).toEqual([
      S.NOT_SERVING,
      S.NOT_SERVING,
      "end",
    ]);
    await Promise.all([overall.done, named.done, unknown.done]); // ended with OK
    expect([await overall.next(), await named.next()]).toEqual(["end", "end"]);
    expect(health.watcherCount).toBe(0);

    health.setStatus("a.B", "SERVING");
    health.clear("");
    expect(health.getStatus("a.B")).toBe("NOT_SERVING");
    expect(await client.check({ service: "" }, { timeoutMs })).toEqual({ status: S.NOT_SERVING });
    expect(await client.check({ service: "a.B" }, { timeoutMs })).toEqual({ status: S.NOT_SERVING });
    const late = reader(client.watch({ service: "a.B" }, { timeoutMs: 5000 }));
    await late.done;
    expect(late.received).toEqual([S.NOT_SERVING]);
  });

  test("server.shutdown() flips everything to NOT_SERVING before the GOAWAY; an in-flight Watch sees it and the server stops fast", async () => {
    const { health, server, client } = await start({ statuses: { "a.B": "SERVING" } });
    const watch = reader(client.watch({ service: "a.B" }, { timeoutMs: 5000 }));
    expect(await watch.next()).toBe(S.SERVING);

    const started = Date.now();
    const stopped = server.shutdown({ graceMs: 5000 });
    expect(health.getStatus("")).toBe("NOT_SERVING"); // synchronously, as the shutdown starts
    expect(health.getStatus("a.B")).toBe("NOT_SERVING");
    expect(await watch.next()).toBe(S.NOT_SERVING);
    await watch.done;
    await stopped;
    expect(Date.now() - started).toBeLessThan(2000); // the Watch did not hold the shutdown for its grace
  });

  test("attach adds the service once and returns a detach", async () => {
    const health = createHealth();
    const server = createServer();
    server.add(health.service, health.implementation);
    const detach = health.attach(server); // already added: not added again
    expect(server.services).toEqual(["grpc.health.v1.Health"]);
    detach();
    await server.shutdown();
    expect(health.isShutdown).toBe(false);
    expect(health.getStatus("")).toBe("SERVING");
  });
});
