import * as net from "node:net";
import { afterEach, expect, test } from "vitest";
import { type Loopback, startLoopback } from "../test-support/loopback.js";
import { connectionStats } from "./create-server.js";

let loop: Loopback | undefined;
afterEach(async () => {
  await loop?.close();
  loop = undefined;
});

const preface = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
const emptySettings = Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0]);
// a HEADERS frame header announcing 100 bytes for stream 1, END_HEADERS: its payload never fully arrives
const headersFrameHeader = Buffer.from([0, 0, 100, 1, 4, 0, 0, 0, 1]);

test("slow loris: a connection trickling its headers byte by byte is closed after handshakeTimeoutMs", async () => {
  loop = await startLoopback({ unary: () => ({}) }, { server: { handshakeTimeoutMs: 300 } });
  const socket = net.connect(loop.port, "127.0.0.1");
  socket.on("error", () => {});
  const closed = new Promise<number>((resolve) => socket.once("close", () => resolve(Date.now())));
  await new Promise((r) => socket.once("connect", r));
  const t0 = Date.now();
  socket.write(Buffer.concat([preface, emptySettings, headersFrameHeader]));
  const trickle = setInterval(() => socket.writable && socket.write(Buffer.from([0x61])), 20);
  const at = await Promise.race([closed, new Promise<number>((r) => setTimeout(() => r(-1), 3000))]);
  clearInterval(trickle);
  socket.destroy();
  expect(at).toBeGreaterThan(0);
  expect(at - t0).toBeGreaterThanOrEqual(250);
  expect(at - t0).toBeLessThan(1500);
  expect(connectionStats(loop.server).handshakeTimeouts).toBe(1);
  await expect(loop.client.unary({})).resolves.toBeDefined(); // well-behaved clients are unaffected
});
