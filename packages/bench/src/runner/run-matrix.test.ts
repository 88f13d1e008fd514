import { describe, expect, test } from "vitest";
import { runOrder } from "./run-matrix.js";

describe("runOrder", () => {
  test("round 1 runs each implementation with itself, then the client-cost pairs", () => {
    expect(runOrder({ clientCost: true }, 1)).toEqual([
      ["h2rpc", "h2rpc"],
      ["bare", "bare"],
      ["grpc-js", "grpc-js"],
      ["bare", "h2rpc"],
      ["bare", "grpc-js"],
    ]);
    expect(runOrder({ clientCost: false }, 1)).toEqual([
      ["h2rpc", "h2rpc"],
      ["bare", "bare"],
      ["grpc-js", "grpc-js"],
    ]);
  });

  test("each round starts one place later, so every pair leads once per cycle", () => {
    const firsts = [1, 2, 3, 4].map((round) => runOrder({ clientCost: false }, round)[0]);
    expect(firsts).toEqual([
      ["h2rpc", "h2rpc"],
      ["bare", "bare"],
      ["grpc-js", "grpc-js"],
      ["h2rpc", "h2rpc"],
    ]);
    for (const round of [1, 2, 3, 4, 5, 6]) {
      const order = runOrder({ clientCost: true }, round);
      expect(order).toHaveLength(5);
      expect(new Set(order.map((p) => p.join("/"))).size).toBe(5);
    }
  });
});
