import { afterEach, describe, expect, test } from "vitest";
import { createClient } from "../client/create-client.js";
import { Code } from "../core/code.js";
import type { RpcError } from "../core/rpc-error.js";
import { type ChildServer, ChildService, startChildServer } from "../test-support/child-server.js";
import { type Channel, createChannel } from "./channel.js";

const children: ChildServer[] = [];
const channels: Channel[] = [];
afterEach(async () => {
  for (const c of channels.splice(0)) c.close();
  for (const c of children.splice(0)) await c.kill();
});

async function child(port = 0): Promise<ChildServer> {
  const c = await startChildServer(port);
  children.push(c);
  return c;
}

function channel(target: string, options: Parameters<typeof createChannel>[1] = {}): Channel {
  const ch = createChannel(target, options);
  channels.push(ch);
  return ch;
}

/** Reads `stream` until it fails; resolves with the error and when it came. */
async function failureOf(
  stream: AsyncIterable<unknown>,
  onFirst: () => void,
): Promise<{ error: RpcError; at: number }> {
  let first = true;
  try {
    for await (const _ of stream) {
      if (first) onFirst();
      first = false;
    }
  } catch (e) {
    return { error: e as RpcError, at: Date.now() };
  }
  throw new Error("stream ended without an error");
}

describe("fault tests (server in a child process, loopback)", () => {
  test("SIGKILL mid-stream: the call fails UNAVAILABLE within 1 s; a restarted server is used without user action", {
    timeout: 30_000,
  }, async () => {
    const server = await child();
    const ch = channel(`127.0.0.1:${server.port}`, { initialBackoffMs: 200, maxBackoffMs: 500 });
    const client = createClient(ChildService, ch);
    let killedAt = 0;
    const { error, at } = await failureOf(client.ticks({ label: "" }), () => {
      killedAt = Date.now();
      server.process.kill("SIGKILL");
    });
    expect(error.code).toBe(Code.UNAVAILABLE);
    expect(at - killedAt).toBeLessThan(1000);
    console.log(`SIGKILL: stream failed ${at - killedAt} ms after the kill`);

    const restarted = await child(server.port);
    const t0 = Date.now();
    let reply: { label: string } | undefined;
    while (reply === undefined && Date.now() - t0 < 10_000) {
      reply = await client.echo({ label: "back" }).catch(() => undefined);
      if (reply === undefined) await new Promise((r) => setTimeout(r, 50));
    }
    expect(reply?.label).toBe(`${restarted.process.pid}:back`);
    console.log(`SIGKILL: first successful call ${Date.now() - t0} ms after the restart`);
  });

  test("SIGSTOP: keepalive finds the frozen server within keepaliveTime + keepaliveTimeout", {
    timeout: 30_000,
  }, async () => {
    const server = await child();
    const keepaliveTimeMs = 300;
    const keepaliveTimeoutMs = 300;
    const ch = channel(`127.0.0.1:${server.port}`, { keepaliveTimeMs, keepaliveTimeoutMs });
    const client = createClient(ChildService, ch);
    let stoppedAt = 0;
    const { error, at } = await failureOf(client.ticks({ label: "" }), () => {
      stoppedAt = Date.now();
      server.process.kill("SIGSTOP");
    });
    expect(error.code).toBe(Code.UNAVAILABLE);
    expect(error.message).toMatch(/[Kk]eepalive/);
    const detectedMs = at - stoppedAt;
    expect(detectedMs).toBeLessThanOrEqual(keepaliveTimeMs + keepaliveTimeoutMs + 500);
    console.log(`SIGSTOP: detected after ${detectedMs} ms (keepalive ${keepaliveTimeMs} + ${keepaliveTimeoutMs} ms)`);
  });
});
