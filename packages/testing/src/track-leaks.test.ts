import { createChannel, createClient, createServer } from "h2rpc";
import { expect, test } from "vitest";
import { createInProcessChannel } from "./in-process-channel.js";
import { LeakError } from "./leak-error.js";
import { EchoService, echo, rejection } from "./test-support/echo-service.js";
import { trackLeaks } from "./track-leaks.js";

test("passes once the servers and channels of the test are closed", async () => {
  const leaks = trackLeaks();
  const server = createServer().add(EchoService, echo);
  const port = await server.listen("127.0.0.1:0");
  const tcp = createChannel(`127.0.0.1:${port}`);
  const inProcess = createInProcessChannel(server);
  await createClient(EchoService, tcp).unary({ text: "tcp" });
  await createClient(EchoService, inProcess).unary({ text: "in-process" });
  tcp.close();
  inProcess.close();
  await server.close();
  await leaks.check({ servers: [server], channels: [tcp, inProcess] });
});

test("finds an in-process channel left open: its sessions, in-memory connections and counters", async () => {
  const leaks = trackLeaks({ settleMs: 100 });
  const server = createServer().add(EchoService, echo);
  const channel = createInProcessChannel(server);
  try {
    await createClient(EchoService, channel).unary({ text: "left open" });
    const error = (await rejection(leaks.check({ servers: [server], channels: [channel] }))) as LeakError;
    expect(error).toBeInstanceOf(LeakError);
    const descriptions = error.leaks.map((leak) => leak.description);
    expect(descriptions).toContain("1 connection open on the server (stats().sessionsOpen)");
    expect(descriptions).toContain("1 HTTP/2 session open or connecting on the channel to in-process");
    expect(error.leaks.filter((leak) => leak.type === "JSSTREAM")).toHaveLength(2);
    expect(error.leaks.filter((leak) => leak.type === "HTTP2SESSION")).toHaveLength(2);
    expect(error.message).toMatch(/2 × an in-memory connection/);
    expect(error.message).toMatch(/an HTTP\/2 client session/);
    expect(error.message).toMatch(/an HTTP\/2 server session/);
  } finally {
    channel.close();
    await server.close();
  }
});

test("finds a listener and a TCP connection left open, with addresses", async () => {
  const leaks = trackLeaks({ settleMs: 100 });
  const server = createServer().add(EchoService, echo);
  const port = await server.listen("127.0.0.1:0");
  const channel = createChannel(`127.0.0.1:${port}`);
  try {
    await createClient(EchoService, channel).unary({ text: "tcp" });
    const error = (await rejection(leaks.check())) as LeakError;
    expect(error.message).toContain(`a TCP listener on 127.0.0.1:${port}`);
    expect(error.message).toMatch(new RegExp(`a TCP socket 127\\.0\\.0\\.1:\\d+ → 127\\.0\\.0\\.1:${port}`));
    expect(error.message).toMatch(/await server\.close\(\)/);
  } finally {
    channel.close();
    await server.close();
  }
});

test("ignores what existed before tracking started, and stop() ends tracking", async () => {
  const before = setTimeout(() => {}, 60_000);
  const leaks = trackLeaks({ settleMs: 0 });
  try {
    await leaks.check();
  } finally {
    clearTimeout(before);
  }
  const stopped = trackLeaks({ settleMs: 0 });
  stopped.stop();
  const after = setTimeout(() => {}, 60_000);
  try {
    await stopped.check();
  } finally {
    clearTimeout(after);
  }
});

test("settleMs must be a finite number ≥ 0", () => {
  expect(() => trackLeaks({ settleMs: -1 })).toThrow(RangeError);
});
