import { BinaryWriter } from "@bufbuild/protobuf/wire";
import { expect, test } from "vitest";
import type { MessageType } from "../core/definitions.js";
import { encodeMessage } from "./message-codec.js";

interface Pair {
  a: string;
  b: number;
}

/** A ts-proto-like codec on @bufbuild/protobuf's writer that records which writer it was given. */
function pairType(seen: (BinaryWriter | undefined)[]): MessageType<Pair> {
  return {
    encode(message: Pair, writer?: never) {
      seen.push(writer);
      const w: BinaryWriter = writer ?? new BinaryWriter();
      if (message.b < 0) {
        w.uint32(10).fork().string(message.a); // left open on purpose: a throw mid-message
        throw new RangeError("negative");
      }
      return w.uint32(10).string(message.a).uint32(16).int32(message.b);
    },
    decode: () => ({ a: "", b: 0 }),
    fromPartial: (o: never) => o,
  };
}

test("ts-proto style types reuse one writer after their first encode, with identical bytes", () => {
  const seen: (BinaryWriter | undefined)[] = [];
  const type = pairType(seen);
  const first = encodeMessage(type, { a: "hi", b: 1 });
  const second = encodeMessage(type, { a: "hi", b: 1 });
  const third = encodeMessage(type, { a: "x", b: 2 });
  expect(Buffer.from(second)).toEqual(Buffer.from(first));
  expect(Buffer.from(third)).toEqual(Buffer.from([10, 1, 120, 16, 2]));
  expect(seen[0]).toBeUndefined();
  expect(seen[1]).toBeInstanceOf(BinaryWriter);
  expect(seen[2]).toBe(seen[1]);
});

test("a throw mid-encode does not leak half a message into the next one", () => {
  const seen: (BinaryWriter | undefined)[] = [];
  const type = pairType(seen);
  encodeMessage(type, { a: "warm", b: 1 });
  expect(() => encodeMessage(type, { a: "bad", b: -1 })).toThrow(RangeError);
  expect(Buffer.from(encodeMessage(type, { a: "x", b: 2 }))).toEqual(Buffer.from([10, 1, 120, 16, 2]));
});

test("types with another writer (protobufjs and the like) always get their own", () => {
  let calls = 0;
  const type: MessageType<string> = {
    encode(message: string, writer?: never) {
      calls++;
      expect(writer).toBeUndefined();
      return { finish: () => new TextEncoder().encode(message) };
    },
    decode: () => "",
    fromPartial: (o: never) => o,
  };
  expect(new TextDecoder().decode(encodeMessage(type, "one"))).toBe("one");
  expect(new TextDecoder().decode(encodeMessage(type, "two"))).toBe("two");
  expect(calls).toBe(2);
});

test("after a message over 2 MiB the shared writer is replaced, so its grown buffer is not kept", () => {
  const seen: (BinaryWriter | undefined)[] = [];
  const type: MessageType<Uint8Array> = {
    encode(message: Uint8Array, writer?: never) {
      seen.push(writer);
      return ((writer as BinaryWriter | undefined) ?? new BinaryWriter()).uint32(10).bytes(message);
    },
    decode: () => new Uint8Array(0),
    fromPartial: (o: never) => o,
  };
  encodeMessage(type, new Uint8Array(10)); // learns the type
  encodeMessage(type, new Uint8Array(1 << 20));
  encodeMessage(type, new Uint8Array(10));
  expect(seen[2]).toBe(seen[1]); // 1 MiB: kept
  encodeMessage(type, new Uint8Array(3 << 20));
  encodeMessage(type, new Uint8Array(10));
  expect(seen[4]).not.toBe(seen[3]);
  expect(encodeMessage(type, new Uint8Array([7])).length).toBe(3);
});

test("the shared writer hands out pooled buffers with the stock writer's bytes, and is reset after each", () => {
  const type = pairType([]);
  encodeMessage(type, { a: "warm", b: 1 });
  const long = "y".repeat(300); // a length prefix of two bytes: join() shifts the payload
  for (const message of [
    { a: "x", b: 2 },
    { a: long, b: 2 ** 31 - 1 },
    { a: "", b: 0 },
  ]) {
    const expected = (type.encode(message) as unknown as BinaryWriter).finish();
    const bytes = encodeMessage(type, message);
    expect(Buffer.isBuffer(bytes)).toBe(true);
    expect(Buffer.from(bytes)).toEqual(Buffer.from(expected));
  }
});

test("@bufbuild/protobuf's BinaryWriter keeps the state the pooled finish() reads (else it falls back, slower)", () => {
  const writer = new BinaryWriter().uint32(8).fork().join() as unknown as Record<string, unknown>;
  expect(writer.buffer).toBeInstanceOf(Uint8Array);
  expect(writer.pos).toBeTypeOf("number");
  expect(Array.isArray(writer.stackPos)).toBe(true);
});
