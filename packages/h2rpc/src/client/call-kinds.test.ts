import { afterEach, describe, expect, test, vi } from "vitest";
import { Code } from "../core/code.js";
import { Metadata } from "../core/metadata.js";
import { RpcError } from "../core/rpc-error.js";
import type { ServerCallContext } from "../core/server-context.js";
import { collect, type Loopback, rejection, startLoopback } from "../test-support/loopback.js";

let loop: Loopback | undefined;
afterEach(async () => {
  await loop?.close();
  loop = undefined;
});

describe("the four call kinds", () => {
  test("unary: one request, one response", async () => {
    loop = await startLoopback({ unary: (req) => ({ label: `hello ${req.label}` }) });
    await expect(loop.client.unary({ label: "world" })).resolves.toMatchObject({ label: "hello world" });
  });

  test("unary: async handler and empty messages", async () => {
    loop = await startLoopback({ unary: async (req) => ({ label: req.label, payload: req.payload }) });
    const res = await loop.client.unary({});
    expect(res.label).toBe("");
    expect(res.payload.length).toBe(0);
  });

  test("server streaming: an async generator handler", async () => {
    loop = await startLoopback({
      async *serverStream(req) {
        for (let i = 0; i < 5; i++) yield { label: `${req.label}-${i}` };
      },
    });
    const labels = (await collect(loop.client.serverStream({ label: "n" }))).map((m) => m.label);
    expect(labels).toEqual(["n-0", "n-1", "n-2", "n-3", "n-4"]);
  });

  test("server streaming: a handler returning an array, and zero messages", async () => {
    loop = await startLoopback({
      serverStream: (req) => (req.label === "none" ? [] : [{ label: "a" }, { label: "b" }]),
    });
    expect((await collect(loop.client.serverStream({}))).map((m) => m.label)).toEqual(["a", "b"]);
    expect(await collect(loop.client.serverStream({ label: "none" }))).toEqual([]);
  });

  test("client streaming: an async iterable of requests, one response", async () => {
    loop = await startLoopback({
      async clientStream(requests) {
        const labels: string[] = [];
        for await (const r of requests) labels.push(r.label);
        return { label: labels.join(",") };
      },
    });
    async function* requests() {
      for (let i = 0; i < 4; i++) yield { label: String(i) };
    }
    await expect(loop.client.clientStream(requests())).resolves.toMatchObject({ label: "0,1,2,3" });
    await expect(loop.client.clientStream([])).resolves.toMatchObject({ label: "" });
  });

  test("bidi: responses interleave with requests (ping-pong)", async () => {
    loop = await startLoopback({
      async *bidi(requests) {
        for await (const r of requests) yield { label: `pong ${r.label}` };
      },
    });
    const outbox: string[] = [];
    let release: (() => void) | undefined;
    async function* pings() {
      for (let i = 0; i < 3; i++) {
        yield { label: String(i) };
        await new Promise<void>((r) => {
          release = r;
        });
      }
    }
    for await (const res of loop.client.bidi(pings())) {
      outbox.push(res.label);
      release?.();
    }
    expect(outbox).toEqual(["pong 0", "pong 1", "pong 2"]);
  });
});

describe("metadata and context", () => {
  test("request metadata reaches the handler; headers and trailers reach the client", async () => {
    let seen: ServerCallContext | undefined;
    loop = await startLoopback({
      unary(_req, ctx) {
        seen = ctx;
        ctx.header.set("x-header", "h");
        ctx.trailer.set("x-trailer-bin", new Uint8Array([1, 2, 3]));
        return { label: "ok" };
      },
    });
    let headers: Metadata | undefined;
    let trailers: Metadata | undefined;
    await loop.client.unary(
      {},
      {
        metadata: { "x-user": ["a", "b"], "x-bytes-bin": new Uint8Array([0, 255]) },
        onHeader: (h) => {
          headers = h;
        },
        onTrailer: (t) => {
          trailers = t;
        },
        timeoutMs: 5000,
      },
    );
    expect(seen?.metadata.getAll("x-user")).toEqual(["a", "b"]);
    expect(seen?.metadata.getBinary("x-bytes-bin")).toEqual(new Uint8Array([0, 255]));
    expect(seen?.peer).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(seen?.deadline).toBeGreaterThan(Date.now());
    expect(seen?.signal.aborted).toBe(false);
    expect(headers?.get("x-header")).toBe("h");
    expect(trailers?.getBinary("x-trailer-bin")).toEqual(new Uint8Array([1, 2, 3]));
  });

  test("sendHeader sends headers before the first message", async () => {
    loop = await startLoopback({
      async *serverStream(_req, ctx) {
        ctx.sendHeader({ "x-early": "yes" });
        await new Promise((r) => setTimeout(r, 50));
        yield { label: "late" };
      },
    });
    const events: string[] = [];
    for await (const m of loop.client.serverStream(
      {},
      { onHeader: (h) => events.push(`header ${h.get("x-early")}`) },
    )) {
      events.push(m.label);
    }
    expect(events).toEqual(["header yes", "late"]);
  });
});

describe("errors", () => {
  test("an RpcError from a handler keeps its code, message and metadata", async () => {
    loop = await startLoopback({
      unary() {
        throw new RpcError(Code.NOT_FOUND, "no such thing: ☺\t\n%", { metadata: new Metadata({ "x-why": "gone" }) });
      },
    });
    const error = (await rejection(loop.client.unary({}))) as RpcError;
    expect(error).toBeInstanceOf(RpcError);
    expect(error.code).toBe(Code.NOT_FOUND);
    expect(error.rawMessage).toBe("no such thing: ☺\t\n%");
    expect(error.metadata.get("x-why")).toBe("gone");
  });

  test("any other thrown error is UNKNOWN without its message or stack, and is reported", async () => {
    const reported: unknown[] = [];
    loop = await startLoopback(
      {
        unary() {
          throw new Error("secret /etc/passwd path");
        },
      },
      { server: { onHandlerError: (e) => reported.push(e) } },
    );
    const error = (await rejection(loop.client.unary({}))) as RpcError;
    expect(error.code).toBe(Code.UNKNOWN);
    expect(error.rawMessage).not.toContain("secret");
    expect(error.rawMessage).not.toContain("at ");
    expect(reported).toHaveLength(1);
  });

  test("an error after some streamed messages arrives after them", async () => {
    loop = await startLoopback({
      async *serverStream() {
        yield { label: "1" };
        yield { label: "2" };
        throw new RpcError(Code.ABORTED, "stopped");
      },
    });
    const got: string[] = [];
    const error = (await rejection(
      (async () => {
        for await (const m of loop!.client.serverStream({})) got.push(m.label);
      })(),
    )) as RpcError;
    expect(got).toEqual(["1", "2"]);
    expect(error.code).toBe(Code.ABORTED);
  });

  test("an onHandlerError that throws is contained: the call is UNKNOWN and the server keeps serving", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      loop = await startLoopback(
        {
          unary(request) {
            if (request.label === "fail") throw new Error("handler bug");
            return { label: "ok" };
          },
          async *serverStream() {
            yield { label: "1" };
            throw new Error("stream bug");
          },
        },
        {
          server: {
            onHandlerError: () => {
              throw new Error("reporter bug");
            },
          },
        },
      );
      expect(((await rejection(loop.client.unary({ label: "fail" }))) as RpcError).code).toBe(Code.UNKNOWN);
      const streamed = (async () => {
        for await (const _ of loop!.client.serverStream({})) {
        }
      })();
      expect(((await rejection(streamed)) as RpcError).code).toBe(Code.UNKNOWN);
      expect((await loop.client.unary({ label: "again" })).label).toBe("ok");
      expect(String(logged.mock.calls[0]?.[0])).toContain("onHandlerError threw");
    } finally {
      logged.mockRestore();
    }
  });

  test("a handler returning nothing is a clear UNKNOWN, reported to the server", async () => {
    const reported: unknown[] = [];
    loop = await startLoopback(
      { unary: () => undefined as never },
      { server: { onHandlerError: (e) => reported.push(e) } },
    );
    expect(((await rejection(loop.client.unary({}))) as RpcError).code).toBe(Code.UNKNOWN);
    expect(String(reported[0])).toContain("return a response message");
  });

  test("a connection refused is UNAVAILABLE", async () => {
    loop = await startLoopback({});
    const port = loop.port;
    await loop.close();
    loop = undefined;
    const { createChannel } = await import("../transport/channel.js");
    const { createClient } = await import("./create-client.js");
    const { TestService } = await import("../test-support/bytes-service.js");
    const channel = createChannel(`127.0.0.1:${port}`);
    const error = (await rejection(createClient(TestService, channel).unary({}))) as RpcError;
    expect(error.code).toBe(Code.UNAVAILABLE);
    expect(error.message).toMatch(/refused/);
    channel.close();
  });

  test("invalid metadata is refused before anything is sent", async () => {
    loop = await startLoopback({ unary: () => ({}) });
    const error = (await rejection(loop.client.unary({}, { metadata: { "grpc-timeout": "1S" } }))) as RpcError;
    expect(error.code).toBe(Code.INVALID_ARGUMENT);
    expect(error.message).toContain("reserved");
  });
});

describe("early server completion while the client still sends", () => {
  test("bidi: server answers twice then fails; the client sees both messages and the status", async () => {
    loop = await startLoopback({
      async *bidi(requests) {
        let n = 0;
        for await (const r of requests) {
          yield { label: `got ${r.label}` };
          if (++n === 2) throw new RpcError(Code.FAILED_PRECONDITION, "enough");
        }
      },
    });
    async function* endless() {
      for (let i = 0; ; i++) {
        yield { label: String(i) };
        await new Promise((r) => setTimeout(r, 2));
      }
    }
    const got: string[] = [];
    const error = (await rejection(
      (async () => {
        for await (const m of loop!.client.bidi(endless())) got.push(m.label);
      })(),
    )) as RpcError;
    expect(got).toEqual(["got 0", "got 1"]);
    expect(error.code).toBe(Code.FAILED_PRECONDITION);
  });

  test("client streaming: server replies OK before reading everything; the client gets the reply", async () => {
    loop = await startLoopback({
      async clientStream(requests) {
        for await (const r of requests) return { label: `first was ${r.label}` };
        return { label: "none" };
      },
    });
    async function* endless() {
      for (let i = 0; ; i++) {
        yield { label: String(i) };
        await new Promise((r) => setTimeout(r, 2));
      }
    }
    await expect(loop.client.clientStream(endless())).resolves.toMatchObject({ label: "first was 0" });
  });
});
