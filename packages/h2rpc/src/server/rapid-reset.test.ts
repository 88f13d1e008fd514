import * as http2 from "node:http2";
import { afterEach, expect, test } from "vitest";
import { type Loopback, startLoopback } from "../test-support/loopback.js";
import { connectionStats } from "./create-server.js";

let loop: Loopback | undefined;
afterEach(async () => {
  await loop?.close();
  loop = undefined;
});

test("rapid reset (CVE-2023-44487): the attacker gets GOAWAY ENHANCE_YOUR_CALM; a good client on another connection is served", async () => {
  let active = 0;
  let maxActive = 0;
  loop = await startLoopback(
    {
      async unary(req) {
        maxActive = Math.max(maxActive, ++active);
        await new Promise((r) => setTimeout(r, 20));
        active--;
        return { label: req.label };
      },
    },
    { server: { maxConcurrentStreams: 100 } },
  );
  const attacker = http2.connect(`http://127.0.0.1:${loop.port}`);
  attacker.on("error", () => {});
  const goaway = new Promise<{ code: number; data: string }>((resolve) =>
    attacker.on("goaway", (code, _last, data) => resolve({ code, data: data?.toString() ?? "" })),
  );
  await new Promise((r) => attacker.once("remoteSettings", r));
  const good = (async () => {
    const labels: string[] = [];
    for (let i = 0; i < 50; i++) labels.push((await loop!.client.unary({ label: String(i) })).label);
    return labels;
  })();
  let sent = 0;
  for (let i = 0; i < 5000 && !attacker.destroyed && !attacker.closed; i++) {
    try {
      const s = attacker.request({
        ":method": "POST",
        ":path": "/h2rpc.test.TestService/Unary",
        "content-type": "application/grpc",
        te: "trailers",
      });
      s.on("error", () => {});
      s.close(http2.constants.NGHTTP2_CANCEL);
      sent++;
    } catch {
      break;
    }
    if (i % 50 === 0) await new Promise((r) => setImmediate(r));
  }
  const { code, data } = await goaway;
  attacker.destroy();
  expect(code).toBe(http2.constants.NGHTTP2_ENHANCE_YOUR_CALM);
  expect(data).toBe("too_many_resets");
  expect(sent).toBeLessThan(1500);
  expect(connectionStats(loop.server).resetFloods).toBe(1);
  expect((await good).length).toBe(50);
  expect(maxActive).toBeLessThanOrEqual(100);
});

test("ordinary cancellations at a moderate rate are not punished", async () => {
  loop = await startLoopback({ unary: () => new Promise((r) => setTimeout(() => r({}), 1000)) });
  for (let i = 0; i < 60; i++) {
    const controller = new AbortController();
    const call = loop.client.unary({}, { signal: controller.signal }).catch(() => {});
    await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    await call;
  }
  await expect(loop.client.unary({}, { timeoutMs: 100 }).catch((e) => e.code)).resolves.toBe(4);
  expect(connectionStats(loop.server).resetFloods).toBe(0);
});
