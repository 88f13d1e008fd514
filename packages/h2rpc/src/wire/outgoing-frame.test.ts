import { randomBytes } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { BinaryWriter } from "@bufbuild/protobuf/wire";
import { describe, expect, test } from "vitest";
import { Code } from "../core/code.js";
import { sendUncompressed } from "../core/compression.js";
import type { MessageType } from "../core/definitions.js";
import { RpcError } from "../core/rpc-error.js";
import { frameOutgoing } from "./outgoing-frame.js";

interface Blob {
  text: string;
}

/** A ts-proto-like type: field 1 string; fromPartial fills the default. */
const blobType: MessageType<Blob> = {
  encode(message: Blob, writer?: never) {
    const w: BinaryWriter = writer ?? new BinaryWriter();
    if (message.text !== "") w.uint32(10).string(message.text);
    return w;
  },
  decode: () => ({ text: "" }),
  fromPartial: (o: never) => ({ text: (o as Partial<Blob>).text ?? "" }),
};

const encoded = (text: string) => new BinaryWriter().uint32(10).string(text).finish();
const joined = (chunks: Uint8Array[]) => Buffer.concat(chunks);

describe("frameOutgoing", () => {
  test("an uncompressed message is one buffer: flag 0, big-endian length, the message", () => {
    for (let i = 0; i < 2; i++) {
      // the second time the type writes into the shared writer behind the prefix
      const chunks = frameOutgoing(blobType as MessageType<unknown>, { text: "hi" }, 100, "identity", 0, "Request");
      expect(chunks).toHaveLength(1);
      expect([...joined(chunks)]).toEqual([0, 0, 0, 0, 4, ...encoded("hi")]);
    }
    const empty = frameOutgoing(blobType as MessageType<unknown>, {}, 100, "identity", 0, "Request");
    expect([...joined(empty)]).toEqual([0, 0, 0, 0, 0]);
  });

  test("past the limit it throws RESOURCE_EXHAUSTED naming the side and both sizes", () => {
    const error = (() => {
      try {
        frameOutgoing(blobType as MessageType<unknown>, { text: "x".repeat(20) }, 10, "identity", 0, "Response");
      } catch (e) {
        return e;
      }
    })() as RpcError;
    expect(error).toBeInstanceOf(RpcError);
    expect(error.code).toBe(Code.RESOURCE_EXHAUSTED);
    expect(error.rawMessage).toBe("Response message larger than max (22 vs. 10 bytes)");
  });

  test("compression applies from compressMinBytes on, sets the flag, and skips messages marked uncompressed", () => {
    const type = blobType as MessageType<unknown>;
    const text = "abc".repeat(100);
    const small = joined(frameOutgoing(type, { text: "abc" }, 1e6, "gzip", 100, "Request"));
    expect(small[0]).toBe(0);
    const big = joined(frameOutgoing(type, { text }, 1e6, "gzip", 100, "Request"));
    expect(big[0]).toBe(1);
    expect(big.readUInt32BE(1)).toBe(big.length - 5);
    expect([...gunzipSync(big.subarray(5))]).toEqual([...encoded(text)]);
    const marked = joined(frameOutgoing(type, sendUncompressed({ text }), 1e6, "gzip", 100, "Request"));
    expect(marked[0]).toBe(0);
  });

  test("a big compressed message goes out as prefix + payload (no copy of the payload)", () => {
    const random = randomBytes(100_000); // incompressible: stays over the 64 KiB split
    const chunks = frameOutgoing(
      blobType as MessageType<unknown>,
      { text: random.toString("latin1") },
      1e7,
      "deflate",
      0,
      "Request",
    );
    expect(chunks).toHaveLength(2);
    expect(chunks[0]?.length).toBe(5);
    expect(Buffer.from(chunks[0] as Uint8Array).readUInt32BE(1)).toBe(chunks[1]?.length);
  });
});
