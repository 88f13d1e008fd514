import * as http2 from "node:http2";
import { afterEach, describe, expect, test } from "vitest";
import { Code } from "../core/code.js";
import { RpcError } from "../core/rpc-error.js";
import { AddressPool } from "./address-pool.js";
import { createSessionCounters, type SessionCounters } from "./channel-stats.js";
import { ClientSession, resetStream } from "./client-session.js";
import { KeepalivePolicy } from "./keepalive.js";
import { ResetBudget } from "./reset-budget.js";

const { NGHTTP2_CANCEL, NGHTTP2_NO_ERROR, NGHTTP2_INTERNAL_ERROR } = http2.constants;

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("ResetBudget", () => {
  test("a burst of 1000, then 33 per second, never above the burst", () => {
    const budget = new ResetBudget(0);
    expect(budget.available(0)).toBe(1000);
    for (let i = 0; i < 999; i++) budget.spend(0);
    expect(budget.spend(0)).toBe(0);
    expect(budget.spend(0)).toBe(-1);
    expect(budget.available(1000)).toBeCloseTo(32);
    expect(budget.available(31_000)).toBeCloseTo(1000);
    expect(budget.available(120_000)).toBe(1000);
  });

  test("the refill is continuous and counts from the last look", () => {
    const budget = new ResetBudget(0, 10, 10);
    for (let i = 0; i < 10; i++) budget.spend(0);
    expect(budget.available(500)).toBeCloseTo(5);
    expect(budget.spend(600)).toBeCloseTo(5);
  });
});

/** A plain `node:http2` server (nghttp2's own reset limit, nothing of h2rpc) answering every stream with headers only. */
async function plainServer(onStream: (stream: http2.ServerHttp2Stream) => void = () => {}): Promise<number> {
  const server = http2.createServer();
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on("session", (s) => {
    sessions.add(s);
    s.on("close", () => sessions.delete(s));
  });
  server.on("stream", (stream) => {
    stream.on("error", () => {});
    stream.respond({ ":status": 200 });
    onStream(stream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const s of sessions) s.destroy();
        server.close(() => resolve());
      }),
  );
  return (server.address() as { port: number }).port;
}

/** Opens a stream, waits for its response headers, resets it with `reset`; resolves when it closed. */
function openAndReset(
  open: () => http2.ClientHttp2Stream,
  reset: (stream: http2.ClientHttp2Stream) => void,
): Promise<void> {
  const stream = open();
  stream.on("error", () => {});
  return new Promise((resolve) => {
    stream.once("response", () => reset(stream));
    stream.once("close", () => resolve());
  });
}

const headers = { ":method": "POST", ":path": "/x" };

function openSession(port: number, counters: SessionCounters, onChange: (s: ClientSession) => void = () => {}) {
  const session = new ClientSession({
    connect: () => http2.connect(`http://127.0.0.1:${port}`),
    counters,
    where: `127.0.0.1:${port}`,
    tls: false,
    connectTimeoutMs: 5000,
    connectionWindowSizeBytes: 65_535,
    idleTimeoutMs: Number.POSITIVE_INFINITY,
    maxStreams: 1000,
    keepalive: new KeepalivePolicy({}),
    onChange,
  });
  cleanups.push(() => session.destroy());
  return session;
}

describe("node's rapid-reset limit (what ResetBudget mirrors)", () => {
  test("nghttp2 counts the client's RST_STREAM(NO_ERROR) too: GOAWAY INTERNAL_ERROR after ~1000", async () => {
    const port = await plainServer();
    const raw = http2.connect(`http://127.0.0.1:${port}`);
    raw.on("error", () => {});
    cleanups.push(() => raw.destroy());
    let goaway: number | undefined;
    raw.on("goaway", (code) => {
      goaway ??= code;
    });
    let resets = 0;
    while (goaway === undefined && resets < 1300) {
      await openAndReset(
        () => raw.request(headers, { endStream: false }),
        (s) => s.close(NGHTTP2_NO_ERROR),
      );
      resets++;
    }
    expect(goaway).toBe(NGHTTP2_INTERNAL_ERROR);
    expect(resets).toBeGreaterThan(1000);
    expect(resets).toBeLessThan(1200);
  });

  test("the server's own resets are not counted", async () => {
    const port = await plainServer((stream) => stream.close(NGHTTP2_CANCEL));
    const raw = http2.connect(`http://127.0.0.1:${port}`);
    raw.on("error", () => {});
    cleanups.push(() => raw.destroy());
    const goaways: number[] = [];
    raw.on("goaway", (code) => goaways.push(code));
    for (let i = 0; i < 1100; i++) {
      const stream = raw.request(headers, { endStream: false });
      stream.on("error", () => {});
      await new Promise((resolve) => stream.once("close", resolve));
    }
    expect(goaways).toEqual([]);
  });
});

describe("a session's reset budget", () => {
  test("the session drains before nghttp2's limit; an open stream finishes on it; the pool opens a fresh one", async () => {
    let keep: http2.ServerHttp2Stream | undefined;
    const port = await plainServer((stream) => {
      keep ??= stream; // the first stream: the bystander
    });
    const counters = createSessionCounters();
    let opened = 0;
    const pool = new AddressPool(
      { kind: "tcp", host: "127.0.0.1", port },
      {
        openSession: (_address, onChange) => {
          opened++;
          return openSession(port, counters, onChange);
        },
        maxSessions: 1,
        backoff: {},
        onChange: () => {},
      },
    );
    cleanups.push(() => pool.close(new RpcError(Code.UNAVAILABLE, "test over")));
    pool.grow();
    const first = pool.sessions[0] as ClientSession;
    await first.whenReady();
    const bystander = first.request(headers, false);
    bystander.on("error", () => {});
    const bystanderEnd = new Promise<number>((resolve) =>
      bystander.once("close", () => resolve(bystander.rstCode ?? -1)),
    );
    bystander.resume();

    let resets = 0;
    while (first.state === "ready") {
      await openAndReset(
        () => first.request(headers, false),
        (s) => resetStream(s, resets % 2 === 0 ? NGHTTP2_CANCEL : NGHTTP2_NO_ERROR),
      );
      resets++;
    }
    expect(first.state).toBe("draining");
    expect(counters.resetBudgetDrains).toBe(1);
    expect(resets).toBeGreaterThan(850);
    expect(resets).toBeLessThan(1000);
    expect(pool.pick()).toBeUndefined();

    expect(pool.grow()).toBe(true);
    expect(opened).toBe(2);
    const second = pool.sessions[1] as ClientSession;
    await second.whenReady();
    expect(pool.pick()).toBe(second);

    // the draining session's open stream is served to the end, then the session closes
    keep?.end();
    bystander.end();
    expect(await bystanderEnd).toBe(NGHTTP2_NO_ERROR);
    await new Promise<void>((resolve) => {
      if (first.state === "closed") resolve();
      else {
        const timer = setInterval(() => {
          if (first.state !== "closed") return;
          clearInterval(timer);
          resolve();
        }, 5);
      }
    });
    expect(first.closeReason?.rawMessage).not.toMatch(/GOAWAY \(code 2\)/);
  });

  test("a reset of a closed stream costs nothing", async () => {
    const port = await plainServer((stream) => stream.end());
    const counters = createSessionCounters();
    const session = openSession(port, counters);
    await session.whenReady();
    for (let i = 0; i < 1100; i++) {
      const stream = session.request(headers, true);
      stream.on("error", () => {});
      stream.resume();
      await new Promise((resolve) => stream.once("close", resolve));
      resetStream(stream, NGHTTP2_CANCEL);
    }
    expect(session.state).toBe("ready");
    expect(counters.resetBudgetDrains).toBe(0);
  });
});
