import { describe, expect, test } from "vitest";
import { type FlagSpec, parseFlags, UsageError, usage } from "./flags.js";

const specs = {
  server_host: { kind: "string", default: "localhost", help: "host" },
  server_port: { kind: "port", help: "port" },
  use_tls: { kind: "boolean", default: false, help: "tls" },
} satisfies Record<string, FlagSpec>;

const flags = (argv: string[]) => {
  const parsed = parseFlags(argv, specs);
  if (parsed.help) throw new Error("unexpected help");
  return parsed.flags;
};

describe("parseFlags", () => {
  test("--name=value and --name value, defaults for the rest", () => {
    expect(flags(["--server_port=8080"])).toEqual({ server_host: "localhost", server_port: 8080, use_tls: false });
    expect(flags(["--server_port", "0", "--server_host", "127.0.0.1"])).toEqual({
      server_host: "127.0.0.1",
      server_port: 0,
      use_tls: false,
    });
  });

  test("booleans: =true|false, a following true|false, or bare", () => {
    expect(flags(["--server_port=1", "--use_tls=false"]).use_tls).toBe(false);
    expect(flags(["--server_port=1", "--use_tls", "false"]).use_tls).toBe(false);
    expect(flags(["--use_tls", "--server_port=1"]).use_tls).toBe(true);
    expect(() => flags(["--server_port=1", "--use_tls=yes"])).toThrow(/true or false/);
  });

  test.each([
    [["--server_port=1", "--bogus=1"], /unknown flag --bogus/],
    [["--server_port=1", "extra"], /unexpected argument "extra"/],
    [[], /--server_port is required/],
    [["--server_port"], /--server_port needs a value/],
    [["--server_port", "--use_tls"], /--server_port needs a value/],
    [["--server_port=70000"], /port number/],
    [["--server_port=-1"], /port number/],
    [["--server_port=1", "--server_port=2"], /given twice/],
    [["--server_port=1", "--server_host="], /non-empty/],
    [["--server_port=1", "--toString=x"], /unknown flag --toString/],
  ])("%j is a usage error", (argv, message) => {
    expect(() => parseFlags(argv, specs)).toThrow(UsageError);
    expect(() => parseFlags(argv, specs)).toThrow(message);
  });

  test("--help and -h ask for the usage", () => {
    expect(parseFlags(["--help"], specs)).toEqual({ help: true });
    expect(parseFlags(["--server_port=1", "-h"], specs)).toEqual({ help: true });
  });

  test("usage lists every flag with its default", () => {
    const text = usage("prog --server_port=PORT", specs);
    expect(text).toContain("usage: prog --server_port=PORT");
    expect(text).toContain("--server_host VALUE");
    expect(text).toContain("(default localhost)");
    expect(text).toContain("--server_port PORT");
    expect(text).toContain("(required)");
    expect(text).toContain("--use_tls=true|false");
  });
});
