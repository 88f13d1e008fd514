import { afterEach, describe, expect, test } from "vitest";
import { type Loopback, startLoopback } from "../test-support/loopback.js";

let loop: Loopback | undefined;
afterEach(async () => {
  await loop?.close();
  loop = undefined;
});

const chunkBytes = 64 << 10;
const totalBytes = 200 << 20;
const messageCount = totalBytes / chunkBytes;
const payload = new Uint8Array(chunkBytes).fill(7);
// RSS growth is mostly garbage not yet collected (40–55 MiB measured, busy machine included); the
// bound that matters is "far below the 200 MiB sent", and max-ahead below checks flow control exactly
const rssLimitBytes = 96 << 20;

/** Samples RSS every 20 ms while `work` runs; returns the largest growth over the starting RSS. */
async function peakRssGrowth(work: () => Promise<void>): Promise<number> {
  globalThis.gc?.();
  const start = process.memoryUsage.rss();
  let peak = start;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, process.memoryUsage.rss()) - start;
}

const slowly = () => new Promise((r) => setTimeout(r, 1));

describe("backpressure: 200 MiB to a slow reader stays bounded", () => {
  test("server → client: a fast server stream against a client that reads slowly", { timeout: 60_000 }, async () => {
    let sent = 0;
    loop = await startLoopback({
      async *serverStream() {
        for (let i = 0; i < messageCount; i++) {
          sent++;
          yield { label: "", payload };
        }
      },
    });
    let received = 0;
    let maxAhead = 0;
    const growth = await peakRssGrowth(async () => {
      for await (const m of loop!.client.serverStream({})) {
        received += m.payload.length;
        maxAhead = Math.max(maxAhead, sent - received / chunkBytes);
        if (received % (8 * chunkBytes) === 0) await slowly();
      }
    });
    console.log(`server→client: rss growth ${(growth / 2 ** 20).toFixed(1)} MiB, max ahead ${maxAhead} msgs`);
    expect(received).toBe(totalBytes);
    expect(growth).toBeLessThan(rssLimitBytes);
    // the server may run ahead only by what the flow-control windows and queues hold
    expect(maxAhead * chunkBytes).toBeLessThan(16 << 20);
  });

  test("client → server: a fast client stream against a handler that reads slowly", { timeout: 60_000 }, async () => {
    let produced = 0;
    let consumed = 0;
    let maxAhead = 0;
    loop = await startLoopback({
      async clientStream(requests) {
        let n = 0;
        for await (const r of requests) {
          consumed++;
          maxAhead = Math.max(maxAhead, produced - consumed);
          n += r.payload.length;
          if (n % (8 * chunkBytes) === 0) await slowly();
        }
        return { label: String(n) };
      },
    });
    async function* producer() {
      for (let i = 0; i < messageCount; i++) {
        produced++;
        yield { label: "", payload };
      }
    }
    let result = "";
    const growth = await peakRssGrowth(async () => {
      result = (await loop!.client.clientStream(producer())).label;
    });
    console.log(`client→server: rss growth ${(growth / 2 ** 20).toFixed(1)} MiB, max ahead ${maxAhead} msgs`);
    expect(Number(result)).toBe(totalBytes);
    expect(growth).toBeLessThan(rssLimitBytes);
    expect(maxAhead * chunkBytes).toBeLessThan(16 << 20);
  });
});
