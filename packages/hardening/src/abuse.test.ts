/**
 * Resource abuse: a client that never reads, many connections, more streams than allowed. The runtime
 * already covers a slow (not stopped) reader in packages/h2rpc/src/client/backpressure.test.ts, rapid
 * reset in src/server/rapid-reset.test.ts, slow loris in src/server/slow-loris.test.ts and ping floods
 * in src/server/keepalive.test.ts.
 */
import * as http2 from "node:http2";
import { Code, createChannel, RpcError } from "h2rpc";
import { afterEach, describe, expect, test } from "vitest";
import { createGreeterClient } from "./gen/helloworld/greeter.h2rpc.js";
import { HelloStreamRequest } from "./gen/helloworld/greeter.js";
import { type GreeterFixture, startGreeter } from "./support/greeter-fixture.js";
import { framed, hello } from "./support/grpc-bytes.js";
import { Flag, FrameType, grpcRequestHeaders } from "./support/h2-frames.js";
import { connectRaw, grpcHeaders, openRaw } from "./support/raw-h2.js";
import { connectRawTcp } from "./support/raw-tcp-h2.js";
import { eventually, openSockets, sleep } from "./support/wait.js";

let fixture: GreeterFixture | undefined;
const cleanups: (() => void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) c();
  await fixture?.close();
  fixture = undefined;
});

const megabyte = "x".repeat(1 << 20);

/** A server whose SayHelloStream yields 1 MiB messages until aborted; counts what it produced. */
async function startProducer() {
  const state = { produced: 0, abortReason: undefined as unknown, abortedAfterMs: -1, startedAt: 0, done: false };
  fixture = await startGreeter(
    {},
    {
      async *sayHelloStream(_request, context) {
        state.startedAt = performance.now();
        context.signal.addEventListener("abort", () => {
          state.abortReason = context.signal.reason;
          state.abortedAfterMs = performance.now() - state.startedAt;
        });
        try {
          for (let i = 0; i < 1000 && !context.signal.aborted; i++) {
            state.produced++;
            yield { message: megabyte };
          }
        } finally {
          state.done = true;
        }
      },
    },
  );
  return state;
}

/** Opens SayHelloStream with a 300 ms deadline on a session whose receive window is 0, and never reads. */
async function neverReadingCall(port: number) {
  const session = await connectRaw(port, { settings: { initialWindowSize: 0 } });
  cleanups.push(() => session.destroy());
  const call = openRaw(session, grpcHeaders("/helloworld.Greeter/SayHelloStream", { "grpc-timeout": "300m" }), 10_000);
  call.stream.pause();
  call.stream.removeAllListeners("data");
  let closedAt = -1;
  const t0 = performance.now();
  call.stream.once("close", () => {
    closedAt = performance.now() - t0;
  });
  call.stream.end(framed(HelloStreamRequest.encode({ name: "never-reads", count: 1000 }).finish()));
  return { call, closedAfterMs: () => closedAt };
}

describe("a client that never reads (flow-control window 0) on a stream of 1 MiB messages", () => {
  test("the handler blocks on backpressure, memory stays bounded, and its signal fires at the deadline", async () => {
    const state = await startProducer();
    const before = process.memoryUsage().arrayBuffers;
    const beforeCall = performance.now(); // the server can only start the call's deadline after this
    await neverReadingCall(fixture!.port);
    expect(await eventually(() => state.done, 3000)).toBe(true);
    await sleep(200); // had the handler not been blocked, it would have produced hundreds by now
    const growthMiB = (process.memoryUsage().arrayBuffers - before) / 2 ** 20;
    console.log(
      `never-reading client: ${state.produced} message(s) produced, signal after ${Math.round(state.abortedAfterMs)} ms, ` +
        `arrayBuffers +${growthMiB.toFixed(1)} MiB`,
    );
    expect(state.produced).toBeLessThanOrEqual(2);
    expect(growthMiB).toBeLessThan(32);
    expect(state.abortReason).toBeInstanceOf(RpcError);
    expect((state.abortReason as RpcError).code).toBe(Code.DEADLINE_EXCEEDED);
    // the lower bound from before the call was sent (the deadline starts when the server sees it, which
    // on a loaded machine may be well before the handler starts); the upper one from the handler's start
    expect(state.startedAt + state.abortedAfterMs - beforeCall).toBeGreaterThanOrEqual(250);
    expect(state.abortedAfterMs).toBeLessThan(1500);
  });

  // At the deadline the status goes into trailers queued behind 1 MiB the client will never accept:
  // the stream is then reset (CANCEL, as grpc-go) so it does not stay open with its buffer.
  test("the stream itself is closed at the deadline (trailers, or RST_STREAM when they cannot get out)", async () => {
    await startProducer();
    const { closedAfterMs } = await neverReadingCall(fixture!.port);
    await eventually(() => closedAfterMs() >= 0, 1500);
    expect(closedAfterMs()).toBeGreaterThanOrEqual(0);
  });
});

describe("many connections", () => {
  test("200 connections with 3 calls each are served; closed, they leave no socket, and shutdown is prompt", async () => {
    fixture = await startGreeter();
    const baseline = openSockets();
    const t0 = performance.now();
    const channels = Array.from({ length: 200 }, () => createChannel(`127.0.0.1:${fixture!.port}`));
    cleanups.push(() => {
      for (const c of channels) c.close();
    });
    const replies = await Promise.all(
      channels.map((channel, i) => {
        const client = createGreeterClient(channel);
        const options = { timeoutMs: 10_000 };
        return Promise.all([
          client.sayHello({ name: `a${i}` }, options),
          client.sayHello({ name: `b${i}` }, options),
          client.greetMany([{ name: "x" }, { name: "y" }], options),
        ]);
      }),
    );
    const servedMs = performance.now() - t0;
    expect(replies.flat()).toHaveLength(600);
    // h2rpc channels never keep the process alive (their sockets are unref'd): what is counted is the server's end
    expect(openSockets() - baseline).toBeGreaterThanOrEqual(200);
    expect(fixture.visits).toHaveLength(600);
    for (const c of channels) c.close();
    expect(await eventually(() => openSockets() === baseline, 3000)).toBe(true);
    const t1 = performance.now();
    await fixture.server.shutdown({ graceMs: 30_000 }); // would wait the grace for any session still open
    const shutdownMs = performance.now() - t1;
    console.log(
      `200 connections: 600 calls in ${Math.round(servedMs)} ms; shutdown after close: ${shutdownMs.toFixed(1)} ms`,
    );
    expect(shutdownMs).toBeLessThan(3000); // not the 30 s grace (margin for a loaded machine)
  });
});

describe("more concurrent streams than maxConcurrentStreams (4)", () => {
  const chat = "/helloworld.Greeter/Chat";

  test("node's client queues the excess itself: all 10 complete, never more than 4 on the server", async () => {
    let active = 0;
    let maxActive = 0;
    fixture = await startGreeter(
      { maxConcurrentStreams: 4 },
      {
        async *chat(requests) {
          maxActive = Math.max(maxActive, ++active);
          try {
            for await (const r of requests) yield { message: `Hi ${r.name}` };
            await sleep(20);
          } finally {
            active--;
          }
        },
      },
    );
    const session = await connectRaw(fixture.port);
    cleanups.push(() => session.destroy());
    const calls = Array.from({ length: 10 }, (_, i) => {
      const call = openRaw(session, grpcHeaders(chat));
      call.stream.end(hello(`s${i}`));
      return call;
    });
    const outcomes = await Promise.all(calls.map((c) => c.outcome));
    expect(outcomes.map((o) => o.grpcStatus)).toEqual(Array(10).fill(Code.OK));
    expect(maxActive).toBe(4);
  });

  test("opened before the server's SETTINGS arrive: the excess is refused with REFUSED_STREAM, the rest served", async () => {
    fixture = await startGreeter({ maxConcurrentStreams: 4 });
    const session = http2.connect(`http://127.0.0.1:${fixture.port}`, { peerMaxConcurrentStreams: 1000 });
    session.on("error", () => {});
    cleanups.push(() => session.destroy());
    const calls = Array.from({ length: 10 }, (_, i) => {
      const call = openRaw(session, grpcHeaders(chat));
      call.stream.write(hello(`s${i}`));
      return call;
    });
    await sleep(200);
    for (const c of calls) if (!c.stream.closed) c.stream.end();
    const outcomes = await Promise.all(calls.map((c) => c.outcome));
    const refused = outcomes.filter((o) => o.rstCode === http2.constants.NGHTTP2_REFUSED_STREAM);
    const ok = outcomes.filter((o) => o.grpcStatus === Code.OK);
    expect(ok).toHaveLength(4);
    expect(refused).toHaveLength(6);
    expect(fixture.visits).toHaveLength(4);
  });

  test("after the SETTINGS ACK, exceeding it is a connection error (GOAWAY INTERNAL_ERROR); the server carries on", async () => {
    fixture = await startGreeter({ maxConcurrentStreams: 4 });
    const raw = await connectRawTcp(fixture.port);
    cleanups.push(() => raw.destroy());
    for (let i = 0; i < 10; i++) raw.send(grpcRequestHeaders(1 + 2 * i, chat));
    const goaway = await raw.waitFor((f) => f.type === FrameType.GOAWAY);
    // RFC 9113 §5.1.2 allows PROTOCOL_ERROR or REFUSED_STREAM; node's nghttp2 callbacks turn it into INTERNAL_ERROR
    expect(goaway.payload.readUInt32BE(4)).toBe(2);
    expect(goaway.payload.readUInt32BE(0)).toBe(7); // the last stream processed: the 4th
    expect(raw.frames.some((f) => f.type === FrameType.HEADERS && (f.flags & Flag.END_STREAM) === 0)).toBe(false);
    expect(await eventually(() => raw.closed, 2000)).toBe(true); // the server closes the connection
    expect(fixture.visits).toHaveLength(4);
    const channel = createChannel(`127.0.0.1:${fixture.port}`);
    cleanups.push(() => channel.close());
    await expect(createGreeterClient(channel).sayHello({ name: "after" })).resolves.toEqual({
      message: "Hello, after!",
    });
  });
});
