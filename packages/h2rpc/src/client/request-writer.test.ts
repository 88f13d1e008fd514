import { EventEmitter } from "node:events";
import type * as http2 from "node:http2";
import { describe, expect, test } from "vitest";
import { RequestWriter } from "./request-writer.js";

/** A stand-in stream recording writes; `writable` decides write()'s return value. */
function fakeStream(writable = true) {
  const written: number[][] = [];
  let ended = false;
  const stream = Object.assign(new EventEmitter(), {
    destroyed: false,
    get writableEnded() {
      return ended;
    },
    write(chunk: Uint8Array) {
      written.push([...chunk]);
      return writable;
    },
    end(chunk?: Uint8Array) {
      if (chunk !== undefined) written.push([...chunk]);
      ended = true;
    },
  });
  return { stream: stream as unknown as http2.ClientHttp2Stream, written, isEnded: () => ended };
}

const b = (...bytes: number[]) => new Uint8Array(bytes);

describe("RequestWriter", () => {
  test("chunks written before a stream exists are sent on attach, then the end", () => {
    const w = new RequestWriter(1024);
    w.write([b(1), b(2)]);
    w.end();
    const s = fakeStream();
    w.attach(s.stream);
    expect(s.written).toEqual([[1], [2]]);
    expect(s.isEnded()).toBe(true);
  });

  test("writeLast sends the only message and the end, with or without a stream yet, and keeps it for a replay", () => {
    const early = new RequestWriter(1024);
    early.writeLast([b(7)]);
    const first = fakeStream();
    early.attach(first.stream);
    expect(first.written).toEqual([[7]]);
    expect(first.isEnded()).toBe(true);
    early.detach();
    const retry = fakeStream();
    early.attach(retry.stream);
    expect(retry.written).toEqual([[7]]);
    expect(retry.isEnded()).toBe(true);

    const late = new RequestWriter(1024);
    const s = fakeStream(false); // a full window does not hold the only message back
    late.attach(s.stream);
    late.writeLast([b(8), b(9)]);
    expect(s.written).toEqual([[8], [9]]);
    expect(s.isEnded()).toBe(true);
    expect(late.canReplay).toBe(true);
  });

  test("a second stream gets everything again (transparent retry)", () => {
    const w = new RequestWriter(1024);
    const first = fakeStream();
    w.attach(first.stream);
    w.write([b(1)]);
    w.write([b(2)]);
    w.detach();
    w.write([b(3)]); // while waiting for the next stream
    const second = fakeStream();
    w.attach(second.stream);
    expect(second.written).toEqual([[1], [2], [3]]);
    expect(w.canReplay).toBe(true);
  });

  test("commit (response headers) or passing the byte limit ends replay, without losing unsent data", () => {
    const w = new RequestWriter(4);
    w.write([b(1, 2, 3), b(4, 5, 6)]); // over the limit, but not yet sent: kept as pending
    const s = fakeStream();
    w.attach(s.stream);
    expect(s.written).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(w.canReplay).toBe(false);
    const w2 = new RequestWriter(100);
    w2.attach(fakeStream().stream);
    w2.commit();
    expect(w2.canReplay).toBe(false);
  });

  test("write waits on backpressure until wake()", async () => {
    const w = new RequestWriter(100);
    w.attach(fakeStream(false).stream);
    const wait = w.write([b(1)]);
    expect(wait).toBeInstanceOf(Promise);
    let done = false;
    void wait?.then(() => {
      done = true;
    });
    await Promise.resolve();
    expect(done).toBe(false);
    w.wake();
    await wait;
    expect(done).toBe(true);
  });
});
