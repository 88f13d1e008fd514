import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { Code } from "../core/code.js";
import { RpcError } from "../core/rpc-error.js";
import { createFrameDecoder, encodeFrame, encodeFrameHeader, type Frame, frameHeaderBytes } from "./framing.js";

const maxBytes = 4 << 20;

/** Deterministic bytes, different for each seed, so a reordered or mixed-up message is caught. */
function bytesFor(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed | 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Splits `bytes` at the given cut points (any numbers; taken modulo the length, sorted, deduplicated). */
function split(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const p of [...points, bytes.length]) {
    if (p > from) chunks.push(bytes.subarray(from, p));
    from = Math.max(from, p);
  }
  return chunks;
}

function decodeAll(
  chunks: readonly Uint8Array[],
  max = maxBytes,
): { frames: Frame[]; pending: number; end: () => void } {
  const decoder = createFrameDecoder(max);
  const frames: Frame[] = [];
  for (const chunk of chunks) decoder.push(chunk, (f) => frames.push(f));
  return { frames, pending: decoder.pendingBytes, end: () => decoder.end() };
}

function expectRpcError(fn: () => unknown, code: Code): RpcError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(RpcError);
  expect((caught as RpcError).code).toBe(code);
  return caught as RpcError;
}

const messageArb = fc.record({
  size: fc.oneof(
    { weight: 2, arbitrary: fc.constant(0) },
    { weight: 5, arbitrary: fc.integer({ min: 1, max: 300 }) },
    { weight: 1, arbitrary: fc.integer({ min: 301, max: 100_000 }) },
  ),
  compressed: fc.boolean(),
  seed: fc.integer(),
});

describe("encodeFrame / encodeFrameHeader", () => {
  test("writes the flag byte and a big-endian length", () => {
    expect([...encodeFrame(new Uint8Array([0xaa, 0xbb]))]).toEqual([0, 0, 0, 0, 2, 0xaa, 0xbb]);
    expect([...encodeFrame(new Uint8Array(0), true)]).toEqual([1, 0, 0, 0, 0]);
    expect([...encodeFrameHeader(0x01020304, false)]).toEqual([0, 1, 2, 3, 4]);
    expect([...encodeFrameHeader(0xffffffff, true)]).toEqual([1, 0xff, 0xff, 0xff, 0xff]);
    expect(frameHeaderBytes).toBe(5);
  });

  test("encodeFrame works on a message that is a view into a larger buffer", () => {
    const backing = new Uint8Array([9, 9, 1, 2, 3, 9]);
    expect([...encodeFrame(backing.subarray(2, 5))]).toEqual([0, 0, 0, 0, 3, 1, 2, 3]);
  });
});

describe("createFrameDecoder", () => {
  test("property: any list of messages, split anywhere, decodes to the same frames in order", () => {
    fc.assert(
      fc.property(
        fc.array(messageArb, { maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 40 }),
        fc.boolean(),
        (messages, cuts, byteByByte) => {
          const payloads = messages.map((m) => bytesFor(m.size, m.seed));
          const stream = concat(messages.map((m, i) => encodeFrame(payloads[i] as Uint8Array, m.compressed)));
          const chunks =
            byteByByte && stream.length <= 4096
              ? Array.from({ length: stream.length }, (_, i) => stream.subarray(i, i + 1))
              : split(stream, cuts);
          const { frames, pending, end } = decodeAll(chunks);
          expect(frames.length).toBe(messages.length);
          frames.forEach((frame, i) => {
            expect(frame.compressed).toBe(messages[i]?.compressed);
            expect(frame.data.length).toBe(payloads[i]?.length);
            expect(Buffer.from(frame.data).equals(payloads[i] as Uint8Array)).toBe(true);
          });
          expect(pending).toBe(0);
          expect(end).not.toThrow();
        },
      ),
      { numRuns: 300 },
    );
  });

  test("a frame survives later pushes (the decoder does not reuse its buffers)", () => {
    const a = bytesFor(1000, 1);
    const b = bytesFor(1000, 2);
    const stream = concat([encodeFrame(a), encodeFrame(b)]);
    const { frames } = decodeAll(split(stream, [3, 700, 1004, 1500]));
    expect(Buffer.from(frames[0]?.data as Uint8Array).equals(a)).toBe(true);
    expect(Buffer.from(frames[1]?.data as Uint8Array).equals(b)).toBe(true);
  });

  test("zero-length messages, alone, in a row and between others, in any chunking", () => {
    const empty = encodeFrame(new Uint8Array(0));
    const emptyCompressed = encodeFrame(new Uint8Array(0), true);
    const one = encodeFrame(new Uint8Array([7]));
    const stream = concat([empty, empty, one, emptyCompressed, empty]);
    for (const chunks of [
      [stream],
      split(stream, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]),
      split(stream, [5, 10, 16]),
    ]) {
      const { frames, pending, end } = decodeAll(chunks);
      expect(frames.map((f) => [f.compressed, [...f.data]])).toEqual([
        [false, []],
        [false, []],
        [false, [7]],
        [true, []],
        [false, []],
      ]);
      expect(pending).toBe(0);
      expect(end).not.toThrow();
    }
  });

  test("an empty chunk changes nothing", () => {
    const decoder = createFrameDecoder(maxBytes);
    const frames: Frame[] = [];
    decoder.push(new Uint8Array(0), (f) => frames.push(f));
    decoder.push(encodeFrame(new Uint8Array([1, 2])).subarray(0, 3), (f) => frames.push(f));
    decoder.push(new Uint8Array(0), (f) => frames.push(f));
    expect(decoder.pendingBytes).toBe(3);
    expect(frames).toEqual([]);
  });

  test("a stream with no messages at all ends cleanly", () => {
    const decoder = createFrameDecoder(maxBytes);
    expect(decoder.pendingBytes).toBe(0);
    expect(() => decoder.end()).not.toThrow();
  });

  describe("truncated stream: end() throws INTERNAL", () => {
    const message = encodeFrame(bytesFor(50, 3));
    test.each([
      ["inside the prefix", 3],
      ["right after the prefix", 5],
      ["inside the body", 30],
      ["one byte short", message.length - 1],
    ])("%s", (_name, cut) => {
      for (const chunks of [[message.subarray(0, cut)], split(message.subarray(0, cut), [1, 2, 4, 6, 9])]) {
        const { frames, end } = decodeAll(chunks);
        expect(frames).toEqual([]);
        const error = expectRpcError(end, Code.INTERNAL);
        expect(error.rawMessage).toMatch(/truncated/);
      }
    });

    test("pendingBytes counts what is held of an unfinished message", () => {
      const decoder = createFrameDecoder(maxBytes);
      decoder.push(message.subarray(0, 3), () => {});
      expect(decoder.pendingBytes).toBe(3);
      decoder.push(message.subarray(3, 20), () => {});
      expect(decoder.pendingBytes).toBeGreaterThan(0);
      decoder.push(message.subarray(20), () => {});
      expect(decoder.pendingBytes).toBe(0);
      expect(() => decoder.end()).not.toThrow();
    });

    test("pendingBytes is non-zero as soon as a message has started, even right after its prefix", () => {
      // client-call detects a truncated response with `pendingBytes > 0` when the trailers arrive
      for (const chunks of [[message.subarray(0, 5)], split(message.subarray(0, 5), [1, 2, 3, 4])]) {
        const decoder = createFrameDecoder(maxBytes);
        for (const chunk of chunks) decoder.push(chunk, () => expect.unreachable("no frame expected"));
        expect(decoder.pendingBytes).toBe(5);
      }
      const decoder = createFrameDecoder(maxBytes);
      decoder.push(concat([encodeFrame(new Uint8Array([1])), message.subarray(0, 5)]), () => {});
      expect(decoder.pendingBytes).toBe(5);
      decoder.push(message.subarray(5, 6), () => {});
      expect(decoder.pendingBytes).toBe(6);
    });

    test("after a complete message, a dangling partial prefix is still caught", () => {
      const stream = concat([message, new Uint8Array([0, 0])]);
      const { frames, end } = decodeAll([stream]);
      expect(frames.length).toBe(1);
      expectRpcError(end, Code.INTERNAL);
    });
  });

  describe("receive limit", () => {
    test("a declared length over the limit throws RESOURCE_EXHAUSTED from the 5-byte prefix alone", () => {
      const decoder = createFrameDecoder(100);
      const onFrame = () => expect.unreachable("no frame expected");
      const error = expectRpcError(() => decoder.push(encodeFrameHeader(101, false), onFrame), Code.RESOURCE_EXHAUSTED);
      expect(error.rawMessage).toContain("101");
      expect(error.rawMessage).toContain("100");
    });

    test("also when the prefix arrives byte by byte", () => {
      const decoder = createFrameDecoder(100);
      const header = encodeFrameHeader(0xffffffff, false);
      for (let i = 0; i < 4; i++) decoder.push(header.subarray(i, i + 1), () => {});
      expectRpcError(() => decoder.push(header.subarray(4), () => {}), Code.RESOURCE_EXHAUSTED);
    });

    test("a message of exactly the limit is accepted", () => {
      const body = bytesFor(100, 5);
      const { frames } = decodeAll(split(encodeFrame(body), [2, 50]), 100);
      expect(frames.length).toBe(1);
      expect(Buffer.from(frames[0]?.data as Uint8Array).equals(body)).toBe(true);
    });

    test("a limit of 0 still accepts empty messages", () => {
      const { frames } = decodeAll([encodeFrame(new Uint8Array(0))], 0);
      expect(frames.length).toBe(1);
      expectRpcError(() => decodeAll([encodeFrameHeader(1, false)], 0), Code.RESOURCE_EXHAUSTED);
    });
  });

  describe("flag byte", () => {
    test.each([2, 3, 0x80, 0xff])("flag %i is INTERNAL", (flag) => {
      const frame = encodeFrame(new Uint8Array([1, 2, 3]));
      frame[0] = flag;
      const error = expectRpcError(() => decodeAll([frame]), Code.INTERNAL);
      expect(error.rawMessage).toMatch(/flag/);
      expectRpcError(() => decodeAll(split(frame, [1, 2, 3, 4])), Code.INTERNAL);
    });

    test("an invalid flag after a valid message still delivers the first message", () => {
      const bad = encodeFrame(new Uint8Array([1]));
      bad[0] = 2;
      const frames: Frame[] = [];
      const decoder = createFrameDecoder(maxBytes);
      expectRpcError(
        () => decoder.push(concat([encodeFrame(new Uint8Array([9])), bad]), (f) => frames.push(f)),
        Code.INTERNAL,
      );
      expect(frames.map((f) => [...f.data])).toEqual([[9]]);
    });
  });

  test("property: random bytes in random chunks never throw anything but an RpcError", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        fc.integer({ min: 0, max: 1 << 16 }),
        (bytes, cuts, max) => {
          const decoder = createFrameDecoder(max);
          try {
            for (const chunk of split(bytes, cuts)) {
              decoder.push(chunk, (frame) => {
                expect(frame.data.length).toBeLessThanOrEqual(max);
              });
            }
            decoder.end();
          } catch (e) {
            expect(e).toBeInstanceOf(RpcError);
            expect([Code.INTERNAL, Code.RESOURCE_EXHAUSTED]).toContain((e as RpcError).code);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
