import { describe, expect, test } from "vitest";
import { parseTarget } from "./target.js";

describe("parseTarget", () => {
  test.each([
    ["localhost:50051", { kind: "tcp", host: "localhost", port: 50051, authority: "localhost:50051" }],
    ["127.0.0.1:1", { kind: "tcp", host: "127.0.0.1", port: 1, authority: "127.0.0.1:1" }],
    ["[::1]:8080", { kind: "tcp", host: "::1", port: 8080, authority: "[::1]:8080" }],
    ["dns:example.com:443", { kind: "tcp", host: "example.com", port: 443 }],
    ["dns:///example.com:80", { kind: "tcp", host: "example.com", port: 80 }],
    ["http://h:81", { kind: "tcp", host: "h", port: 81 }],
    ["example.com", { kind: "tcp", host: "example.com", port: 443 }],
    ["unix:/tmp/a.sock", { kind: "unix", path: "/tmp/a.sock", authority: "localhost" }],
    ["unix:///tmp/a.sock", { kind: "unix", path: "/tmp/a.sock" }],
  ])("%s", (text, expected) => {
    expect(parseTarget(text)).toMatchObject(expected);
  });

  test("ipv4: and ipv6: lists keep every address", () => {
    expect(parseTarget("ipv4:10.0.0.1:5,10.0.0.2:6")).toMatchObject({
      host: "10.0.0.1",
      port: 5,
      hosts: [
        { host: "10.0.0.1", port: 5 },
        { host: "10.0.0.2", port: 6 },
      ],
    });
    expect(parseTarget("ipv6:[::1]:5,[::2]:5")).toMatchObject({ hosts: [{ host: "::1" }, { host: "::2" }] });
  });

  test.each(["", "host:", "host:99999", "[::1", "unix:", "host:abc"])("refuses %j with the accepted forms", (text) => {
    expect(() => parseTarget(text)).toThrow(/host:port/);
  });
});
