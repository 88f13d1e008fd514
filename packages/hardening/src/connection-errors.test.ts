/**
 * Connections node's nghttp2 ends with a connection error (GOAWAY): after sending it, node stops reading
 * the socket (Http2Session::MaybeStopReading: nghttp2 wants no more input), so it never sees the client
 * hang up, and emits nothing to h2rpc. A PING queued then is never sent. The server's silence probe
 * (`silenceProbeMs`, 30 s) pings a connection that received nothing for a whole interval and closes it
 * when no ACK comes within the keepalive timeout; the keepalive itself (2 h) would take much longer.
 */
import { readFileSync } from "node:fs";
import type { ServerOptions } from "h2rpc";
import { afterEach, expect, test } from "vitest";
import { type GreeterFixture, startGreeter } from "./support/greeter-fixture.js";
import { hello } from "./support/grpc-bytes.js";
import { connectRaw, grpcHeaders, sendRaw, startGoodCall } from "./support/raw-h2.js";
import { eventually } from "./support/wait.js";

let fixture: GreeterFixture | undefined;
afterEach(async () => {
  await fixture?.server.forceShutdown();
  fixture = undefined;
});

/**
 * Starts a server whose Chat handler records its abort, opens a Chat call, makes nghttp2 end the
 * connection (one 128 KiB header value: COMPRESSION_ERROR), then closes the client's socket.
 * Resolves with a probe of whether the handler's signal fired.
 */
async function provokeConnectionError(options: ServerOptions): Promise<() => boolean> {
  let aborted = false;
  fixture = await startGreeter(options, {
    async *chat(requests, context) {
      context.signal.addEventListener("abort", () => {
        aborted = true;
      });
      for await (const r of requests) yield { message: `Hi ${r.name}` };
    },
  });
  const session = await connectRaw(fixture.port, { maxSendHeaderBlockLength: 1 << 20 });
  await startGoodCall(session);
  const bad = await sendRaw(
    session,
    grpcHeaders("/helloworld.Greeter/SayHello", { "x-big": "q".repeat(128 << 10) + Math.random() }),
    [hello("BAD")],
  );
  expect(bad.rstCode).toBe(9); // COMPRESSION_ERROR: the GOAWAY came
  session.destroy();
  return () => aborted;
}

test("the server's keepalive reclaims such a connection: the in-flight handler's signal fires", async () => {
  const aborted = await provokeConnectionError({
    keepalive: { timeMs: 300, timeoutMs: 300 },
    silenceProbeMs: Infinity,
  });
  expect(await eventually(aborted, 3000)).toBe(true);
});

test("the silence probe reclaims such a connection soon after the client hangs up", async () => {
  const aborted = await provokeConnectionError({ silenceProbeMs: 300, keepalive: { timeoutMs: 300 } });
  const start = Date.now();
  // at most 2 × 300 ms to the probe plus its 300 ms timeout, ~1 s when loaded: 3 s is still far from the
  // 30 s default probe (and silenceCloses below says the probe did it)
  expect(await eventually(aborted, 3000)).toBe(true);
  console.log(`silence probe: handler's signal ${Date.now() - start} ms after the client hung up`);
  const stats = fixture?.server.stats();
  expect(stats?.silenceCloses).toBe(1);
  expect(stats?.keepaliveTimeouts).toBe(0);
  expect(await eventually(() => fixture?.server.stats().sessionsOpen === 0, 1000)).toBe(true);
});

test("the silence probe is on by default: 30 s, as README's defaults table says", () => {
  const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
  expect(readme).toMatch(/^\| silence probe \|[^\n]*30 s[^\n]*`silenceProbeMs`[^\n]*\| server \|$/m);
});
