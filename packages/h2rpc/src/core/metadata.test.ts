import { describe, expect, test } from "vitest";
import { isBinaryKey, Metadata, normalizeMetadataKey, toMetadata } from "./metadata.js";

const bytes = (...values: number[]) => new Uint8Array(values);

function typeErrorOf(fn: () => unknown): TypeError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(TypeError);
  return caught as TypeError;
}

describe("keys", () => {
  test("are case-insensitive and stored lower-case", () => {
    const md = new Metadata().set("X-Request-ID", "abc");
    expect(md.get("x-request-id")).toBe("abc");
    expect(md.get("X-REQUEST-ID")).toBe("abc");
    expect(md.has("x-Request-Id")).toBe(true);
    expect([...md.keys()]).toEqual(["x-request-id"]);
    md.append("x-request-ID", "def");
    expect(md.getAll("X-Request-Id")).toEqual(["abc", "def"]);
    expect(md.size).toBe(1);
    expect(md.delete("X-REQUEST-ID")).toBe(true);
    expect(md.has("x-request-id")).toBe(false);
    expect(md.delete("x-request-id")).toBe(false);
  });

  test.each(["a", "x-trace", "under_score", "dot.ted", "0-9", "trace-bin", "-bin", "UPPER"])(
    "%s is accepted",
    (key) => {
      expect(normalizeMetadataKey(key)).toBe(key.toLowerCase());
    },
  );

  test.each(["", "with space", "colon:", ":path", "slash/", "tab\t", "é", "x\n", 'quote"', "comma,"])(
    "%j is refused with a TypeError listing the allowed characters",
    (key) => {
      const error = typeErrorOf(() => new Metadata().set(key, "v"));
      expect(error.message).toContain(JSON.stringify(key));
      expect(error.message).toMatch(/a-z, 0-9/);
    },
  );

  test.each([
    "grpc-timeout",
    "grpc-status",
    "grpc-message",
    "GRPC-Encoding",
    "grpc-status-details-bin",
    "grpc-anything",
  ])("%s is reserved for the protocol; the error says to use call options", (key) => {
    const error = typeErrorOf(() => new Metadata().append(key, key.endsWith("-bin") ? bytes(1) : "v"));
    expect(error.message).toMatch(/reserved/);
    expect(error.message).toMatch(/grpc-/);
    expect(error.message).toMatch(/call options.*timeoutMs/);
    expect(error.message).toMatch(/instead/);
  });

  test.each([
    "te",
    "TE",
    "content-type",
    "Content-Type",
    "connection",
    "host",
    "user-agent",
    "transfer-encoding",
    "keep-alive",
    "upgrade",
    "proxy-connection",
    "content-length",
  ])("HTTP header %s is refused; the error says h2rpc sets it and to drop it", (key) => {
    const error = typeErrorOf(() => new Metadata({ [key]: "x" }));
    expect(error.message).toMatch(/reserved/);
    expect(error.message).toMatch(/h2rpc sets itself/);
    expect(error.message).toMatch(/remove it/);
  });

  test("keys that merely contain grpc or te are fine", () => {
    const md = new Metadata({ "x-grpc-test-echo-initial": "a", "my-grpc-": "b", tea: "c", "te-x": "d" });
    expect(md.size).toBe(4);
  });

  test("isBinaryKey", () => {
    expect(isBinaryKey("a-bin")).toBe(true);
    expect(isBinaryKey("-bin")).toBe(true);
    expect(isBinaryKey("bin")).toBe(false);
    expect(isBinaryKey("a-bin-x")).toBe(false);
    expect(isBinaryKey("abin")).toBe(false);
  });
});

describe("values", () => {
  test("-bin keys take bytes (Uint8Array or Buffer), not strings", () => {
    const md = new Metadata().set("trace-bin", bytes(0, 255)).append("trace-bin", Buffer.from([1]));
    expect(md.getAll("trace-bin")).toEqual([bytes(0, 255), Buffer.from([1])]);
    expect(md.getBinary("trace-bin")).toEqual(bytes(0, 255));
    expect(md.getString("trace-bin")).toBeUndefined();
    const error = typeErrorOf(() => md.set("trace-bin", "AAEC"));
    expect(error.message).toMatch(/-bin/);
    expect(error.message).toMatch(/Uint8Array/);
  });

  test("text keys take strings, not bytes; the error points to -bin keys", () => {
    const error = typeErrorOf(() => new Metadata().set("trace", bytes(1) as never));
    expect(error.message).toMatch(/string/);
    expect(error.message).toMatch(/-bin/);
  });

  test("text values must be printable ASCII (space to ~); empty is allowed", () => {
    const printable = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).join("");
    const md = new Metadata().set("all", printable).set("empty", "");
    expect(md.get("all")).toBe(printable);
    expect(md.get("empty")).toBe("");
    for (const bad of ["tab\there", "new\nline", "cr\r", "\0", "del\x7f", "é", "☺", "😈", "\u0080"]) {
      const error = typeErrorOf(() => md.set("x", bad));
      expect(error.message).toMatch(/printable ASCII/);
      expect(error.message).toMatch(/-bin/);
    }
  });

  test("a failed set or append leaves existing values alone", () => {
    const md = new Metadata().set("x", "keep");
    typeErrorOf(() => md.set("x", "bad\n"));
    typeErrorOf(() => md.append("x", "bad\n"));
    expect(md.getAll("x")).toEqual(["keep"]);
  });

  test("get/getString/getBinary/getAll on a missing key", () => {
    const md = new Metadata();
    expect(md.get("nope")).toBeUndefined();
    expect(md.getString("nope")).toBeUndefined();
    expect(md.getBinary("nope-bin")).toBeUndefined();
    expect(md.getAll("nope")).toEqual([]);
    expect(md.has("nope")).toBe(false);
  });
});

describe("multiple values", () => {
  test("append adds, set replaces every value", () => {
    const md = new Metadata().append("k", "1").append("k", "2").append("k", "3");
    expect(md.get("k")).toBe("1");
    expect(md.getAll("k")).toEqual(["1", "2", "3"]);
    md.set("k", "only");
    expect(md.getAll("k")).toEqual(["only"]);
  });

  test("getAll returns a copy", () => {
    const md = new Metadata().append("k", "1");
    md.getAll("k").push("2");
    expect(md.getAll("k")).toEqual(["1"]);
  });
});

describe("construction", () => {
  test("from a plain object: arrays are several values, undefined is skipped, keys are normalised", () => {
    const md = new Metadata({ A: "1", b: ["2", "3"], c: undefined, "d-bin": [bytes(1), bytes(2)] });
    expect(md.toJSON()).toEqual({ a: ["1"], b: ["2", "3"], "d-bin": ["AQ==", "Ag=="] });
  });

  test("from pairs and from a Map", () => {
    const pairs: [string, string][] = [
      ["k", "1"],
      ["K", "2"],
      ["j", "3"],
    ];
    expect(new Metadata(pairs).toJSON()).toEqual({ k: ["1", "2"], j: ["3"] });
    expect(new Metadata(new Map([["m", "v"]])).toJSON()).toEqual({ m: ["v"] });
  });

  test("validates what it is built from", () => {
    typeErrorOf(() => new Metadata({ "grpc-status": "0" }));
    typeErrorOf(() => new Metadata([["bad key", "v"]]));
    typeErrorOf(() => new Metadata({ "x-bin": "text" }));
  });

  test("toMetadata returns a Metadata as is and wraps anything else", () => {
    const md = new Metadata();
    expect(toMetadata(md)).toBe(md);
    expect(toMetadata(undefined).size).toBe(0);
    expect(toMetadata({ a: "1" }).get("a")).toBe("1");
  });
});

describe("iteration", () => {
  test("keys in first-insertion order, each value in the order added", () => {
    const md = new Metadata().append("b", "1").append("a", "2").append("b", "3").set("c", "4");
    expect([...md]).toEqual([
      ["b", "1"],
      ["b", "3"],
      ["a", "2"],
      ["c", "4"],
    ]);
    expect([...md.keys()]).toEqual(["b", "a", "c"]);
  });

  test("set on an existing key keeps its position; delete then set moves it last", () => {
    const md = new Metadata().set("a", "1").set("b", "2").set("a", "3");
    expect([...md.keys()]).toEqual(["a", "b"]);
    md.delete("a");
    md.set("a", "4");
    expect([...md]).toEqual([
      ["b", "2"],
      ["a", "4"],
    ]);
  });
});

describe("clone and merge", () => {
  test("a clone is independent of the original", () => {
    const original = new Metadata().append("k", "1").append("x-bin", bytes(1));
    const copy = original.clone();
    copy.append("k", "2").set("new", "n").delete("x-bin");
    original.append("k", "0");
    expect(original.toJSON()).toEqual({ k: ["1", "0"], "x-bin": ["AQ=="] });
    expect(copy.toJSON()).toEqual({ k: ["1", "2"], new: ["n"] });
  });

  test("new Metadata(other) copies too", () => {
    const original = new Metadata().append("k", "1");
    const copy = new Metadata(original);
    copy.append("k", "2");
    expect(original.getAll("k")).toEqual(["1"]);
  });

  test("merge appends values (it does not replace) and returns this", () => {
    const md = new Metadata().append("k", "1").append("only-here", "x");
    const other = new Metadata().append("k", "2").append("k", "3").append("new", "n");
    expect(md.merge(other)).toBe(md);
    expect(md.toJSON()).toEqual({ k: ["1", "2", "3"], "only-here": ["x"], new: ["n"] });
  });

  test("merge leaves the merged-in metadata independent", () => {
    const md = new Metadata().append("k", "1");
    const other = new Metadata().append("k", "2");
    md.merge(other);
    md.append("k", "3");
    other.append("k", "other");
    expect(md.getAll("k")).toEqual(["1", "2", "3"]);
    expect(other.getAll("k")).toEqual(["2", "other"]);
  });

  test("merge accepts a plain object or pairs, and validates them", () => {
    const md = new Metadata().merge({ A: "1", b: ["2", "3"] }).merge([["a", "4"]]);
    expect(md.toJSON()).toEqual({ a: ["1", "4"], b: ["2", "3"] });
    typeErrorOf(() => md.merge({ te: "trailers" }));
    expect(md.has("te")).toBe(false);
  });

  test("merging a Metadata into itself doubles its values (and terminates)", () => {
    const md = new Metadata().append("k", "1").append("k", "2").append("j", "3");
    md.merge(md);
    expect(md.toJSON()).toEqual({ k: ["1", "2", "1", "2"], j: ["3", "3"] });
  });
});

describe("toJSON", () => {
  test("text values as is, binary values as padded base64", () => {
    const md = new Metadata()
      .append("text", "hello")
      .append("one-bin", bytes(0xff))
      .append("two-bin", bytes(0xfb, 0xff))
      .append("three-bin", bytes(1, 2, 3))
      .append("empty-bin", bytes());
    expect(md.toJSON()).toEqual({
      text: ["hello"],
      "one-bin": ["/w=="],
      "two-bin": ["+/8="],
      "three-bin": ["AQID"],
      "empty-bin": [""],
    });
    expect(JSON.parse(JSON.stringify(md))).toEqual(md.toJSON());
  });

  test("base64 matches Buffer's for every byte value", () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(new Metadata().set("all-bin", all).toJSON()["all-bin"]).toEqual([Buffer.from(all).toString("base64")]);
  });

  test("base64 of a view into a larger buffer covers only the view", () => {
    const view = new Uint8Array([9, 1, 2, 9]).subarray(1, 3);
    expect(new Metadata().set("v-bin", view).toJSON()).toEqual({ "v-bin": ["AQI="] });
  });
});
