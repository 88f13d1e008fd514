import { describe, expect, it } from "vitest";
import { CommandError, UsageError } from "./cli-errors.js";
import { connectionSettings } from "./connection.js";
import { parseDuration } from "./duration.js";
import { jsonValues } from "./json-values.js";

async function values(chunks: string[]): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const value of jsonValues(chunks)) out.push(value);
  return out;
}

describe("parseDuration", () => {
  it("reads ms, s, m, h and bare seconds", () => {
    expect(parseDuration("250ms")).toBe(250);
    expect(parseDuration("5s")).toBe(5000);
    expect(parseDuration("1.5m")).toBe(90_000);
    expect(parseDuration("1h")).toBe(3_600_000);
    expect(parseDuration("2")).toBe(2000);
    expect(parseDuration("0.5")).toBe(500);
  });

  it("rejects the rest", () => {
    for (const text of ["", "s", "5x", "-1s", "0", "1e3"]) expect(parseDuration(text)).toBeUndefined();
  });
});

describe("jsonValues", () => {
  it("splits JSON lines and values written one after another, across chunks", async () => {
    expect(await values(['{"a":1}\n{"a"', ':2}{"b":"}{\\""}', "\n[1,2] "])).toEqual([
      { a: 1 },
      { a: 2 },
      { b: '}{"' },
      [1, 2],
    ]);
    expect(await values(['{\n  "nested": {"x": [{}]}\n}\n', "  \n"])).toEqual([{ nested: { x: [{}] } }]);
    expect(await values(["", "  "])).toEqual([]);
    expect(await values(['"s" 12 true'])).toEqual(["s", 12, true]);
  });

  it("names the value that is not JSON", async () => {
    await expect(values(['{"a":1}\n{"a":}\n'])).rejects.toThrow(CommandError);
    await expect(values(['{"a":1}\n{"a":'])).rejects.toThrow("request 2 is not valid JSON");
  });
});

describe("connectionSettings", () => {
  it("turns -H into metadata, -bin values from base64, and --timeout into a deadline", () => {
    const { callOptions, tls } = connectionSettings(
      { header: ["X-A: 1", "x-a:2", "x-token-bin: AQI="], timeout: "2s" },
      "/",
      1000,
    );
    const metadata = callOptions.metadata as import("h2rpc").Metadata;
    expect(metadata.getAll("x-a")).toEqual(["1", "2"]);
    expect(metadata.getBinary("x-token-bin")).toEqual(new Uint8Array([1, 2]));
    expect(callOptions.deadline).toBe(3000);
    expect(tls).toBeUndefined();
  });

  it("builds TLS options from the TLS flags", () => {
    expect(connectionSettings({ tls: true }, "/").tls).toEqual({});
    expect(connectionSettings({ servername: "a.test", insecure: true }, "/").tls).toEqual({
      serverName: "a.test",
      rejectUnauthorized: false,
    });
  });

  it("rejects contradictions and malformed values", () => {
    expect(() => connectionSettings({ plaintext: true, tls: true }, "/")).toThrow(UsageError);
    expect(() => connectionSettings({ key: "k.pem" }, "/")).toThrow("--cert and --key go together");
    expect(() => connectionSettings({ timeout: "later" }, "/")).toThrow(UsageError);
    expect(() => connectionSettings({ header: [":x"] }, "/")).toThrow(UsageError);
    expect(() => connectionSettings({ cacert: "/nope/ca.pem" }, "/")).toThrow(CommandError);
  });
});
