import { once } from "node:events";
import type { Duplex } from "node:stream";
import { expect, test } from "vitest";
import { createDuplexPair } from "./duplex-pair.js";

test("bytes written to one end are read from the other, both ways", async () => {
  const [a, b] = createDuplexPair();
  a.write("ping");
  const [fromA] = await once(b, "data");
  expect(String(fromA)).toBe("ping");
  b.write("pong");
  const [fromB] = await once(a, "data");
  expect(String(fromB)).toBe("pong");
  a.destroy();
  await once(b, "close");
});

test("backpressure: a write completes only when the other end reads", async () => {
  const [a, b] = createDuplexPair();
  const big = Buffer.alloc(b.readableHighWaterMark * 2);
  let written = false;
  expect(a.write(big, () => (written = true))).toBe(false);
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(written).toBe(false); // nobody reads b
  expect(b.read()).toHaveLength(big.length);
  await new Promise((resolve) => setImmediate(resolve));
  expect(written).toBe(true);
  a.destroy();
});

test("end() on one end ends the other's readable after its data, and finishes once it was read", async () => {
  const [a, b] = createDuplexPair();
  let finished = false;
  const finish = once(a, "finish").then(() => (finished = true));
  a.end("last");
  await new Promise((resolve) => setTimeout(resolve, 10));
  expect(finished).toBe(false); // b has not read yet
  expect(String(await readToEnd(b))).toBe("last");
  await finish;
  // b's writable side stays open (half-close), as on a TCP socket with allowHalfOpen
  b.end("reply");
  expect(String(await readToEnd(a))).toBe("reply");
});

test("destroy() on one end closes the other: a vanished peer", async () => {
  const [a, b] = createDuplexPair();
  const closed = once(b, "close");
  a.destroy();
  await closed;
  expect(b.destroyed).toBe(true);
  expect(b.errored).toBe(null);
});

test("destroy(error) on one end fails the other with ECONNRESET", async () => {
  const [a, b] = createDuplexPair();
  a.on("error", () => {});
  const failed = once(b, "error");
  a.destroy(new Error("boom"));
  const [error] = await failed;
  expect(error).toMatchObject({ code: "ECONNRESET", message: expect.stringContaining("boom") });
});

test("a write after the other end closed fails with EPIPE", async () => {
  const [a, b] = createDuplexPair();
  a.on("error", () => {});
  b.destroy(); // a closes on the next tick; a write before that sees the closed peer
  const error = await new Promise((resolve) => a.write("late", resolve));
  expect(error).toMatchObject({ code: "EPIPE" });
});

/** Reads until 'end' (a for-await would destroy the duplex, whose other side is still open). */
async function readToEnd(stream: Duplex): Promise<Buffer> {
  const chunks: Buffer[] = [];
  stream.on("data", (chunk: Buffer) => chunks.push(chunk));
  await once(stream, "end");
  return Buffer.concat(chunks);
}
