import { afterEach, describe, expect, test } from "vitest";
import { Code } from "../core/code.js";
import { RpcError } from "../core/rpc-error.js";
import type { TestMessage } from "../test-support/bytes-service.js";
import { collect, type Loopback, rejection, startLoopback } from "../test-support/loopback.js";
import { connectionStats } from "./create-server.js";
import { connectRaw, type RawSession, sleep, waitFor } from "./test-support/raw-session.js";

let loop: Loopback | undefined;
let raw: RawSession | undefined;
afterEach(async () => {
  raw?.session.destroy();
  raw = undefined;
  await loop?.close();
  loop = undefined;
});

const empty = new Uint8Array(0);
const sleepy = {
  async unary(req: TestMessage) {
    await sleep(Number(req.label));
    return { label: `slept ${req.label}`, payload: empty };
  },
};

describe("maxConnectionIdleMs", () => {
  test("a connection without calls is sent GOAWAY and closed; the client reconnects for the next call", async () => {
    loop = await startLoopback(sleepy, { server: { maxConnectionIdleMs: 150 } });
    const stats = connectionStats(loop.server);
    // from before connecting: the server may start the idle time before the client sees "connect"
    const connectingAt = Date.now();
    raw = await connectRaw(loop.port);
    await raw.closed;
    expect(Date.now() - connectingAt).toBeGreaterThanOrEqual(140);
    expect(raw.goaways[0]).toMatchObject({ code: 0 });
    expect(stats.idleCloses).toBe(1);

    await expect(loop.client.unary({ label: "0", payload: empty })).resolves.toMatchObject({ label: "slept 0" });
    await waitFor(() => stats.idleCloses === 2, 2000, "the h2rpc client's connection to idle out");
    await expect(loop.client.unary({ label: "0", payload: empty })).resolves.toMatchObject({ label: "slept 0" });
  });

  test("a connection with a call open is not idle, however long the call", async () => {
    // the call has to start within the idle time after connecting: 250 ms leaves room for a loaded machine
    loop = await startLoopback(sleepy, { server: { maxConnectionIdleMs: 250 } });
    raw = await connectRaw(loop.port);
    const end = await raw.call("/h2rpc.test.TestService/Unary", "750"); // three times the idle time
    expect(end.status).toBe("0");
    expect(raw.goaways).toEqual([]);
    await raw.closed; // and idles out afterwards
  });
});

describe("maxConnectionAgeMs and maxConnectionAgeGraceMs", () => {
  test("at its age a connection is sent GOAWAY: short calls finish, a long stream is cut after the grace", async () => {
    let streamSignal: AbortSignal | undefined;
    loop = await startLoopback(
      {
        ...sleepy,
        async *serverStream(_: TestMessage, context: { signal: AbortSignal }) {
          streamSignal = context.signal;
          for (;;) {
            yield { label: "tick", payload: empty };
            await sleep(20);
          }
        },
      },
      { server: { maxConnectionAgeMs: 200, maxConnectionAgeGraceMs: 300 } },
    );
    const stats = connectionStats(loop.server);
    const startedAt = Date.now();
    const long = rejection(collect(loop.client.serverStream({ label: "", payload: empty })));
    await waitFor(() => stats.streamsActive === 1);
    // the server accepted the connection (and started its age) between startedAt and now: lower bounds
    // are measured from startedAt, upper ones from here, so a slow connect on a loaded machine is in neither
    const acceptedBy = Date.now();
    const short = loop.client.unary({ label: "250", payload: empty }); // spans the GOAWAY (at 180–220 ms)
    await waitFor(() => stats.ageGoaways === 1, 1000, "the max-age GOAWAY");
    const goawayAt = Date.now();
    expect(goawayAt - startedAt).toBeGreaterThanOrEqual(170);
    expect(goawayAt - acceptedBy).toBeLessThan(400);
    await expect(short).resolves.toMatchObject({ label: "slept 250" });
    // a call started after the GOAWAY goes to a new connection
    await expect(loop.client.unary({ label: "0", payload: empty })).resolves.toMatchObject({ label: "slept 0" });

    const error = await long;
    const cutAt = Date.now();
    expect(error).toBeInstanceOf(RpcError);
    expect([Code.UNAVAILABLE, Code.CANCELLED]).toContain((error as RpcError).code);
    expect(cutAt - startedAt).toBeGreaterThanOrEqual(170 + 300);
    expect(cutAt - acceptedBy).toBeLessThan(1000);
    expect(streamSignal?.aborted).toBe(true);
    expect(stats.ageForceCloses).toBe(1);
  });

  test("the age lands within ±10 % of maxConnectionAgeMs", async () => {
    loop = await startLoopback(sleepy, { server: { maxConnectionAgeMs: 300 } });
    // The server starts the age when it accepts the connection: between "before connecting" and
    // "connected" here. The lower bound is measured from before connecting and the upper one from
    // connected, so a connect that is slow on a loaded machine cannot push either past its bound.
    const ages: { sinceBeforeConnect: number; sinceConnected: number }[] = [];
    for (let i = 0; i < 4; i++) {
      const beforeConnect = Date.now();
      const session = await connectRaw(loop.port);
      const connectedAt = Date.now();
      await session.closed; // no calls: GOAWAY at its age closes it at once
      const closedAt = Date.now();
      ages.push({ sinceBeforeConnect: closedAt - beforeConnect, sinceConnected: closedAt - connectedAt });
    }
    for (const age of ages) {
      expect(age.sinceBeforeConnect).toBeGreaterThanOrEqual(265); // 300 ms - 10 % (timers never fire early)
      // 300 ms + 10 % is 330 ms; the rest is for timers firing late on a loaded machine. A connection
      // kept for twice its age would still fail.
      expect(age.sinceConnected).toBeLessThan(600);
    }
  });
});
