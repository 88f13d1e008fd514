import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { MessageQueue } from "./message-queue.js";

describe("MessageQueue", () => {
  test("starts empty", () => {
    const queue = new MessageQueue<string>();
    expect(queue.length).toBe(0);
    expect(queue.bytes).toBe(0);
    expect(queue.isFull(1, 1)).toBe(false);
  });

  test("is first in, first out, with byte accounting", () => {
    const queue = new MessageQueue<string>();
    queue.push("a", 10);
    queue.push("b", 0);
    queue.push("c", 5);
    expect(queue.length).toBe(3);
    expect(queue.bytes).toBe(15);
    expect(queue.shift()).toBe("a");
    expect(queue.bytes).toBe(5);
    queue.push("d", 1);
    expect([queue.shift(), queue.shift(), queue.shift()]).toEqual(["b", "c", "d"]);
    expect(queue.length).toBe(0);
    expect(queue.bytes).toBe(0);
  });

  test("keeps falsy items", () => {
    const queue = new MessageQueue<unknown>();
    for (const item of [undefined, null, 0, "", false]) queue.push(item, 1);
    expect([queue.shift(), queue.shift(), queue.shift(), queue.shift(), queue.shift()]).toEqual([
      undefined,
      null,
      0,
      "",
      false,
    ]);
  });

  test("isFull at either limit", () => {
    const queue = new MessageQueue<number>();
    queue.push(1, 100);
    expect(queue.isFull(2, 1000)).toBe(false);
    expect(queue.isFull(1, 1000)).toBe(true);
    expect(queue.isFull(2, 100)).toBe(true);
    expect(queue.isFull(2, 101)).toBe(false);
    queue.shift();
    expect(queue.isFull(1, 1)).toBe(false);
  });

  test("stays in order across its internal compaction (more than 1024 shifts with items left)", () => {
    const queue = new MessageQueue<number>();
    let next = 0;
    let expected = 0;
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 1500; i++) queue.push(next++, 2);
      for (let i = 0; i < 1400; i++) expect(queue.shift()).toBe(expected++);
      expect(queue.length).toBe(next - expected);
      expect(queue.bytes).toBe(2 * (next - expected));
    }
    while (queue.length > 0) expect(queue.shift()).toBe(expected++);
    expect(expected).toBe(next);
    expect(queue.bytes).toBe(0);
  });

  test("property: behaves like an array", () => {
    const op = fc.oneof(
      fc.record({ push: fc.integer({ min: 1, max: 3000 }), size: fc.integer({ min: 0, max: 1 << 20 }) }),
      fc.record({ shift: fc.integer({ min: 1, max: 3000 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
        const queue = new MessageQueue<number>();
        const model: [number, number][] = [];
        let id = 0;
        for (const o of ops) {
          if ("push" in o) {
            for (let i = 0; i < o.push; i++) {
              queue.push(id, o.size);
              model.push([id++, o.size]);
            }
          } else {
            const n = Math.min(o.shift, model.length);
            for (let i = 0; i < n; i++) {
              const got = queue.shift();
              const want = model.shift()?.[0];
              if (got !== want) expect(got).toBe(want);
            }
          }
          expect(queue.length).toBe(model.length);
          expect(queue.bytes).toBe(model.reduce((sum, [, size]) => sum + size, 0));
        }
      }),
      { numRuns: 200 },
    );
  });
});
