import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { decodeGrpcMessage, encodeGrpcMessage } from "./percent-encoding.js";

/** The message of gRPC's special_status_message interop case. */
const specialStatusMessage = "\t\ntest with whitespace\r\nand Unicode BMP ☺ and non-BMP 😈\t\n";

/** Any well-formed string (no lone surrogates), weighted towards ASCII, controls and `%`. */
const wellFormedString = fc.string({
  unit: fc.oneof(
    fc.constantFrom("%", "%2", "%25", "%zz", " ", "\t", "\n", "\r", "\0", "\x7f"),
    fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)),
    fc
      .integer({ min: 0x80, max: 0xffff })
      .filter((c) => c < 0xd800 || c > 0xdfff)
      .map((c) => String.fromCharCode(c)),
    fc.integer({ min: 0x10000, max: 0x10ffff }).map((c) => String.fromCodePoint(c)),
  ),
  maxLength: 40,
});

/** Any sequence of UTF-16 code units, lone surrogates included. */
const anyString = fc.string({
  unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
  maxLength: 40,
});

describe("encodeGrpcMessage", () => {
  test.each([
    ["plain ASCII passes unchanged", "Hello, world! ~ {}[]()<>=+-_*&^$#@!", "Hello, world! ~ {}[]()<>=+-_*&^$#@!"],
    ["empty", "", ""],
    ["space is not encoded", "a b", "a b"],
    ["percent", "100%", "100%25"],
    ["percent followed by hex digits", "%41", "%2541"],
    ["tab and newline", "\t\n", "%09%0A"],
    ["NUL and DEL", "\0\x7f", "%00%7F"],
    ["2-byte UTF-8", "é", "%C3%A9"],
    ["BMP", "☺", "%E2%98%BA"],
    ["non-BMP", "😈", "%F0%9F%98%88"],
    [
      "special_status_message",
      specialStatusMessage,
      "%09%0Atest with whitespace%0D%0Aand Unicode BMP %E2%98%BA and non-BMP %F0%9F%98%88%09%0A",
    ],
  ])("%s", (_name, input, expected) => {
    expect(encodeGrpcMessage(input)).toBe(expected);
  });

  test("a lone surrogate is sent as U+FFFD", () => {
    expect(encodeGrpcMessage("a\ud800b")).toBe("a%EF%BF%BDb");
  });

  test("property: the output is printable ASCII and every % starts an upper-case %XX escape", () => {
    fc.assert(
      fc.property(anyString, (text) => {
        const encoded = encodeGrpcMessage(text);
        expect(encoded).toMatch(/^(?:[\x20-\x24\x26-\x7e]|%[0-9A-F]{2})*$/);
      }),
      { numRuns: 300 },
    );
  });
});

describe("decodeGrpcMessage", () => {
  test("special_status_message round-trips", () => {
    expect(decodeGrpcMessage(encodeGrpcMessage(specialStatusMessage))).toBe(specialStatusMessage);
  });

  test.each([
    ["plain", "hello", "hello"],
    ["upper-case hex", "%E2%98%BA", "☺"],
    ["lower-case hex", "%e2%98%ba", "☺"],
    ["mixed", "a%20b%25c", "a b%c"],
    ["percent-encoded ASCII letters", "%41%42", "AB"],
  ])("%s", (_name, input, expected) => {
    expect(decodeGrpcMessage(input)).toBe(expected);
  });

  test.each([
    ["a lone %", "%", "%"],
    ["% at the end", "abc%", "abc%"],
    ["% and one hex digit", "%4", "%4"],
    ["% and one hex digit at the end", "x%4", "x%4"],
    ["% and non-hex", "%zz", "%zz"],
    ["% and one bad digit", "%4z", "%4z"],
    ["%%", "%%41", "%A"],
    ["bad then good", "%g%41", "%gA"],
    ["sign characters are not hex", "%+1%-1", "%+1%-1"],
  ])("malformed escapes are kept literally: %s", (_name, input, expected) => {
    expect(decodeGrpcMessage(input)).toBe(expected);
  });

  test("invalid UTF-8 becomes U+FFFD instead of failing", () => {
    expect(decodeGrpcMessage("a%FFb")).toBe("a\ufffdb");
    expect(decodeGrpcMessage("%E2%98")).toBe("\ufffd");
    expect(decodeGrpcMessage("%C3")).toBe("\ufffd");
  });

  test("property: well-formed strings (unicode, controls, %) round-trip", () => {
    fc.assert(
      fc.property(wellFormedString, (text) => {
        expect(decodeGrpcMessage(encodeGrpcMessage(text))).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  test("property: text without % is returned unchanged", () => {
    fc.assert(
      fc.property(anyString, (text) => {
        fc.pre(!text.includes("%"));
        expect(decodeGrpcMessage(text)).toBe(text);
      }),
      { numRuns: 200 },
    );
  });

  test("property: decoding never throws, and a % not followed by two hex digits survives", () => {
    fc.assert(
      fc.property(anyString, (text) => {
        const decoded = decodeGrpcMessage(text);
        expect(typeof decoded).toBe("string");
        const literalPercents = (text.match(/%(?![0-9A-Fa-f]{2})/g) ?? []).length;
        if (!/%[0-9A-Fa-f]{2}/.test(text)) {
          expect((decoded.match(/%/g) ?? []).length).toBe(literalPercents);
        }
      }),
      { numRuns: 500 },
    );
  });
});

test("a leading U+FEFF (byte order mark) survives the round trip", () => {
  expect(decodeGrpcMessage(encodeGrpcMessage("\ufeffhello"))).toBe("\ufeffhello");
});
