import { expect, test } from "vitest";
import { canonicalTarget, hostPort, serverEndpoint } from "./target.js";

test("canonicalTarget adds dns:/// only when the target names no scheme", () => {
  expect(canonicalTarget("localhost:50051")).toBe("dns:///localhost:50051");
  expect(canonicalTarget("[::1]:50051")).toBe("dns:///[::1]:50051");
  expect(canonicalTarget("dns:///svc.internal:443")).toBe("dns:///svc.internal:443");
  expect(canonicalTarget("ipv4:10.0.0.1:1,10.0.0.2:1")).toBe("ipv4:10.0.0.1:1,10.0.0.2:1");
  expect(canonicalTarget("unix:/tmp/s.sock")).toBe("unix:/tmp/s.sock");
});

test("serverEndpoint reads the host and the port written in a target", () => {
  expect(serverEndpoint("127.0.0.1:50051")).toEqual({ address: "127.0.0.1", port: 50051 });
  expect(serverEndpoint("[::1]:8080")).toEqual({ address: "::1", port: 8080 });
  expect(serverEndpoint("dns:my-service.internal:50051")).toEqual({ address: "my-service.internal", port: 50051 });
  expect(serverEndpoint("dns:///example.com:443")).toEqual({ address: "example.com", port: 443 });
  expect(serverEndpoint("dns://8.8.8.8/example.com:443")).toEqual({ address: "example.com", port: 443 });
  expect(serverEndpoint("https://api.example.com:8443")).toEqual({ address: "api.example.com", port: 8443 });
  expect(serverEndpoint("https://api.example.com")).toEqual({ address: "api.example.com" });
  expect(serverEndpoint("ipv6:[::1]:1")).toEqual({ address: "::1", port: 1 });
  expect(serverEndpoint("unix:/tmp/s.sock")).toEqual({ address: "/tmp/s.sock" });
  expect(serverEndpoint("ipv4:10.0.0.1:1,10.0.0.2:1")).toBeUndefined();
  expect(hostPort("::1")).toEqual({ address: "::1" });
  expect(hostPort("example.com:99999")).toEqual({ address: "example.com" });
});
