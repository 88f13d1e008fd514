import { afterEach, describe, expect, test, vi } from "vitest";
import { Code } from "../core/code.js";
import type { RpcError } from "../core/rpc-error.js";
import type { ServerCallContext } from "../core/server-context.js";
import type { ServiceImplementation } from "../core/server-types.js";
import type { TestService } from "../test-support/bytes-service.js";
import { type Loopback, rejection, startLoopback } from "../test-support/loopback.js";

const loops: Loopback[] = [];
afterEach(async () => {
  for (const l of loops.splice(0)) await l.close();
});

/** A back-end service, and a front service whose handlers call it. */
async function twoHops(
  back: Partial<ServiceImplementation<typeof TestService>>,
  front: (backend: Loopback["client"]) => Partial<ServiceImplementation<typeof TestService>>,
) {
  const backend = await startLoopback(back);
  const frontend = await startLoopback(front(backend.client));
  loops.push(frontend, backend);
  return frontend.client;
}

describe("deadline and cancellation propagation (AsyncLocalStorage)", () => {
  test("a downstream call inherits the remaining time without passing anything", async () => {
    let frontDeadline: number | undefined;
    let backDeadline: number | undefined;
    let backSentAt: number | undefined;
    let backReceivedAt: number | undefined;
    const client = await twoHops(
      {
        unary(_req, ctx) {
          backDeadline = ctx.deadline;
          backReceivedAt = Date.now();
          return {};
        },
      },
      (backend) => ({
        async unary(_req, ctx) {
          frontDeadline = ctx.deadline;
          await new Promise((r) => setTimeout(r, 200));
          backSentAt = Date.now();
          return backend.unary({});
        },
      }),
    );
    await client.unary({}, { timeoutMs: 2000 });
    expect(frontDeadline).toBeDefined();
    expect(backDeadline).toBeDefined();
    // grpc-timeout is relative, so the back end's deadline is its arrival plus what was left of the
    // front's when the call went out: measured from its arrival, the hop's transit time (long on a
    // loaded machine) is not counted. Passing on the front's whole 2 s would give ≥ 200 ms more.
    expect(backDeadline! - backReceivedAt!).toBeLessThanOrEqual(frontDeadline! - backSentAt! + 5);
  });

  test("it also works from inside a streaming handler (async generator)", async () => {
    let backDeadline: number | undefined;
    const client = await twoHops(
      {
        unary(_req, ctx) {
          backDeadline = ctx.deadline;
          return {};
        },
      },
      (backend) => ({
        async *serverStream() {
          yield { label: "before" };
          await backend.unary({});
          yield { label: "after" };
        },
      }),
    );
    for await (const _ of client.serverStream({}, { timeoutMs: 2000 }));
    expect(backDeadline).toBeGreaterThan(Date.now());
  });

  test("the downstream call times out with the upstream deadline", async () => {
    let backReason: unknown;
    const client = await twoHops(
      {
        async unary(_req, ctx) {
          await new Promise<void>((resolve) => ctx.signal.addEventListener("abort", () => resolve()));
          backReason = ctx.signal.reason;
          return {};
        },
      },
      (backend) => ({ unary: () => backend.unary({}) }),
    );
    const error = (await rejection(client.unary({}, { timeoutMs: 150 }))) as RpcError;
    expect(error.code).toBe(Code.DEADLINE_EXCEEDED);
    // the back end's signal fires about then too, not at a set time after: wait for it (a loaded
    // machine may take more than a few ms), failing if it never fires
    await vi.waitFor(() => expect(backReason).toBeDefined(), { timeout: 3000 });
    expect([Code.DEADLINE_EXCEEDED, Code.CANCELLED]).toContain((backReason as RpcError).code);
  });

  test("cancelling the upstream call cancels the downstream call", async () => {
    let backSignal: AbortSignal | undefined;
    let started!: () => void;
    const backStarted = new Promise<void>((r) => {
      started = r;
    });
    const client = await twoHops(
      {
        async unary(_req, ctx: ServerCallContext) {
          backSignal = ctx.signal;
          started();
          await new Promise<void>((resolve) => ctx.signal.addEventListener("abort", () => resolve()));
          return {};
        },
      },
      (backend) => ({ unary: () => backend.unary({}) }),
    );
    const controller = new AbortController();
    const call = client.unary({}, { signal: controller.signal });
    await backStarted;
    controller.abort();
    expect(((await rejection(call)) as RpcError).code).toBe(Code.CANCELLED);
    await vi.waitFor(() => expect(backSignal?.aborted).toBe(true), { timeout: 3000 });
    expect((backSignal?.reason as RpcError | undefined)?.code).toBe(Code.CANCELLED);
  });

  test("propagate: false opts out", async () => {
    let backDeadline: number | undefined = 0;
    const client = await twoHops(
      {
        unary(_req, ctx) {
          backDeadline = ctx.deadline;
          return {};
        },
      },
      (backend) => ({ unary: () => backend.unary({}, { propagate: false }) }),
    );
    await client.unary({}, { timeoutMs: 2000 });
    expect(backDeadline).toBeUndefined();
  });
});
