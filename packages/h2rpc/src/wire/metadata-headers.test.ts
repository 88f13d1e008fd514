import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { Code } from "../core/code.js";
import { Metadata } from "../core/metadata.js";
import { RpcError } from "../core/rpc-error.js";
import type { HeaderBlock } from "./header-names.js";
import { decodeBinaryHeader, readMetadataHeaders, writeMetadataHeaders } from "./metadata-headers.js";

const bytes = (...values: number[]) => new Uint8Array(values);

/** The bytes of a binary metadata value, checking it is one. */
function bytesOf(value: unknown): number[] {
  expect(value).toBeInstanceOf(Uint8Array);
  return [...(value as Uint8Array)];
}

function written(metadata: Metadata): HeaderBlock {
  const headers: HeaderBlock = {};
  writeMetadataHeaders(metadata, headers);
  return headers;
}

/** node's raw header list for a block: `[name, value, name, value, ...]`, arrays as repeated names. */
function rawList(headers: HeaderBlock): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    for (const value of Array.isArray(v) ? v : [String(v)]) out.push(k, value);
  }
  return out;
}

function rpcErrorOf(fn: () => unknown): RpcError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(RpcError);
  return caught as RpcError;
}

describe("writeMetadataHeaders", () => {
  test("text values as is, several values as an array, -bin values as unpadded base64", () => {
    const md = new Metadata()
      .append("x-one", "a")
      .append("x-many", "1")
      .append("x-many", "2, 3")
      .append("one-bin", bytes(0xff))
      .append("two-bin", bytes(0xfb, 0xff))
      .append("three-bin", bytes(1, 2, 3))
      .append("many-bin", bytes(1))
      .append("many-bin", bytes());
    expect(written(md)).toEqual({
      "x-one": "a",
      "x-many": ["1", "2, 3"],
      "one-bin": "/w",
      "two-bin": "+/8",
      "three-bin": "AQID",
      "many-bin": ["AQ", ""],
    });
  });

  test("keeps what the block already holds", () => {
    const headers: HeaderBlock = { ":status": 200, "content-type": "application/grpc" };
    writeMetadataHeaders(new Metadata({ a: "1" }), headers);
    expect(headers).toEqual({ ":status": 200, "content-type": "application/grpc", a: "1" });
  });

  test("never writes padding", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (value) => {
        const header = written(new Metadata().set("v-bin", value))["v-bin"];
        expect(header).not.toContain("=");
        expect(header).toMatch(/^[A-Za-z0-9+/]*$/);
      }),
      { numRuns: 200 },
    );
  });
});

describe("readMetadataHeaders", () => {
  const metadataArb = fc
    .array(
      fc.oneof(
        fc.tuple(
          fc.stringMatching(/^[a-z0-9_.-]{1,12}$/).filter((k) => !k.endsWith("-bin") && !k.startsWith("grpc-")),
          fc.stringMatching(/^[\x20-\x7e]{0,20}$/),
        ),
        fc.tuple(fc.stringMatching(/^[a-z0-9_.-]{1,8}-bin$/), fc.uint8Array({ maxLength: 20 })),
      ),
      { maxLength: 10 },
    )
    .filter((pairs) =>
      pairs.every(
        ([k]) =>
          ![
            "te",
            "host",
            "connection",
            "user-agent",
            "content-type",
            "content-length",
            "date",
            "keep-alive",
            "upgrade",
            "transfer-encoding",
            "proxy-connection",
          ].includes(k),
      ),
    );

  test("property: write then read gives the same metadata, from the header object or node's raw list", () => {
    fc.assert(
      fc.property(metadataArb, (pairs) => {
        const md = new Metadata(pairs as [string, string | Uint8Array][]);
        const headers = written(md);
        const fromObject = readMetadataHeaders(headers);
        const fromRaw = readMetadataHeaders(rawList(headers));
        for (const read of [fromObject, fromRaw]) {
          expect(read.toJSON()).toEqual(md.toJSON());
          for (const key of md.keys()) {
            for (const value of read.getAll(key)) {
              expect(typeof value).toBe(key.endsWith("-bin") ? "object" : "string");
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  test("-bin values decode to Uint8Array, padded or unpadded", () => {
    const md = readMetadataHeaders({
      "a-bin": "AQID",
      "b-bin": "/w",
      "c-bin": "/w==",
      "d-bin": "+/8",
      "e-bin": "+/8=",
      "f-bin": "",
    });
    expect(bytesOf(md.get("a-bin"))).toEqual([1, 2, 3]);
    expect(bytesOf(md.get("b-bin"))).toEqual([0xff]);
    expect(bytesOf(md.get("c-bin"))).toEqual([0xff]);
    expect(bytesOf(md.get("d-bin"))).toEqual([0xfb, 0xff]);
    expect(bytesOf(md.get("e-bin"))).toEqual([0xfb, 0xff]);
    expect(bytesOf(md.get("f-bin"))).toEqual([]);
  });

  test("comma-joined -bin values (as node joins repeated headers) are split", () => {
    for (const value of ["AQ,Ag,Aw", "AQ==,Ag==,Aw==", "AQ, Ag, Aw", "AQ==, Ag, Aw=="]) {
      expect(readMetadataHeaders({ "x-bin": value }).getAll("x-bin").map(bytesOf)).toEqual([[1], [2], [3]]);
    }
    expect(
      readMetadataHeaders({ "x-bin": ["AQ,Ag", "Aw"] })
        .getAll("x-bin")
        .map(bytesOf),
    ).toEqual([[1], [2], [3]]);
    expect(readMetadataHeaders(["x-bin", "AQ,Ag", "X-Bin", "Aw"]).getAll("x-bin").map(bytesOf)).toEqual([
      [1],
      [2],
      [3],
    ]);
  });

  test("text values are never split on commas", () => {
    expect(readMetadataHeaders({ "x-list": "a, b,c" }).getAll("x-list")).toEqual(["a, b,c"]);
  });

  test("repeated keys: an array in the object, separate entries in the raw list", () => {
    expect(readMetadataHeaders({ k: ["1", "2"] }).getAll("k")).toEqual(["1", "2"]);
    expect(readMetadataHeaders(["k", "1", "j", "x", "k", "2"]).toJSON()).toEqual({ k: ["1", "2"], j: ["x"] });
  });

  test("raw list names are lower-cased; an odd trailing name is ignored", () => {
    expect(readMetadataHeaders(["X-Trace", "t", "dangling"]).toJSON()).toEqual({ "x-trace": ["t"] });
  });

  test.each([
    ["illegal characters", "AQ!D"],
    ["URL-safe alphabet", "-_-_"],
    ["one leftover character", "AQIDB"],
    ["a single character", "A"],
    ["three padding characters", "AQ==="],
    ["padding in the middle", "AQ==AQ=="],
    ["inner space", "AQ ID"],
    ["one bad part of a comma list", "AQ,@@"],
  ])("invalid base64 is INTERNAL: %s", (_name, value) => {
    for (const block of [{ "x-bin": value }, ["x-bin", value]] as const) {
      const error = rpcErrorOf(() => readMetadataHeaders(block));
      expect(error.code).toBe(Code.INTERNAL);
      expect(error.rawMessage).toContain("x-bin");
    }
    expect(rpcErrorOf(() => decodeBinaryHeader("x-bin", value)).code).toBe(Code.INTERNAL);
  });

  test("surrounding whitespace of a base64 value is ignored", () => {
    expect(bytesOf(decodeBinaryHeader("x-bin", "  AQID "))).toEqual([1, 2, 3]);
  });

  test("pseudo headers, grpc-* headers and HTTP headers are not metadata", () => {
    const block: HeaderBlock = {
      ":status": 200,
      ":path": "/a.B/C",
      ":authority": "localhost",
      "content-type": "application/grpc",
      "content-length": 12,
      te: "trailers",
      host: "example.com",
      connection: "close",
      "user-agent": "grpc-go/1.0",
      date: "Sat, 01 Jan 2000 00:00:00 GMT",
      "grpc-status": "0",
      "grpc-message": "ok",
      "grpc-timeout": "1S",
      "grpc-encoding": "identity",
      "grpc-accept-encoding": "gzip",
      "grpc-status-details-bin": "not base64 but skipped anyway!",
      "x-kept": "yes",
      "x-kept-bin": "AQ",
      "x-undefined": undefined,
      "x-number": 5,
    };
    const md = readMetadataHeaders(block);
    expect(md.toJSON()).toEqual({ "x-kept": ["yes"], "x-kept-bin": ["AQ=="], "x-number": ["5"] });
    expect(readMetadataHeaders(rawList(block)).toJSON()).toEqual({
      "x-kept": ["yes"],
      "x-kept-bin": ["AQ=="],
      "x-number": ["5"],
    });
  });

  test("a text value outside printable ASCII is dropped, the others kept (gRPC: do not fail the call)", () => {
    const utf8AsLatin1 = Buffer.from("café", "utf8").toString("latin1"); // how node hands over the bytes
    for (const bad of [utf8AsLatin1, "tab\there", "del\x7f", "nul\x00", "\u00ff"]) {
      const raw = ["x-name", bad, "x-name", "plain", "x-other", "ok"];
      expect(readMetadataHeaders(raw).toJSON()).toEqual({ "x-name": ["plain"], "x-other": ["ok"] });
      expect(readMetadataHeaders({ "x-name": bad, "x-other": "ok" }).toJSON()).toEqual({ "x-other": ["ok"] });
    }
    expect(readMetadataHeaders({ "x-name": [utf8AsLatin1, "plain"] }).getAll("x-name")).toEqual(["plain"]);
  });

  test("the whole printable ASCII range is kept, space and tilde included", () => {
    let all = "";
    for (let c = 0x20; c <= 0x7e; c++) all += String.fromCharCode(c);
    expect(readMetadataHeaders(["x-all", all]).get("x-all")).toBe(all);
    expect(readMetadataHeaders(["x-empty", ""]).getAll("x-empty")).toEqual([""]);
  });

  test("-bin values are not subject to the ASCII rule (base64 is checked instead)", () => {
    expect(() => readMetadataHeaders(["x-bin", "caf\u00c3\u00a9"])).toThrow(RpcError);
  });

  test("an empty block gives empty metadata", () => {
    expect(readMetadataHeaders({}).size).toBe(0);
    expect(readMetadataHeaders([]).size).toBe(0);
  });
});
