import type * as http2 from "node:http2";
import { afterEach, describe, expect, test, vi } from "vitest";
import { Code } from "../core/code.js";
import { RpcError } from "../core/rpc-error.js";
import { ServerConnection } from "../server/server-connection.js";
import { collect, type Loopback, rejection, startLoopback } from "../test-support/loopback.js";
import { ClientSession } from "../transport/client-session.js";

// node's stream objects outlive their call until a full GC (young collections keep them): a
// finished call must not stay reachable from its stream, or every call's objects get promoted.

let loop: Loopback | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await loop?.close();
  loop = undefined;
});

/** The h2rpc call objects a stream still points at, by symbol description. */
function callLinks(stream: http2.Http2Stream): string[] {
  const perCall = new Set(["h2rpc.clientCall", "h2rpc.serverCall", "h2rpc.requestReader"]);
  return Object.getOwnPropertySymbols(stream)
    .filter((s) => perCall.has(s.description ?? "") && (stream as unknown as Record<symbol, unknown>)[s] !== undefined)
    .map((s) => s.description ?? "");
}

/** Records every stream each side opens from now on. */
function recordStreams(): { client: http2.ClientHttp2Stream[]; server: http2.ServerHttp2Stream[] } {
  const client: http2.ClientHttp2Stream[] = [];
  const server: http2.ServerHttp2Stream[] = [];
  const request = ClientSession.prototype.request;
  vi.spyOn(ClientSession.prototype, "request").mockImplementation(function (this: ClientSession, ...args) {
    const stream = request.apply(this, args);
    client.push(stream);
    return stream;
  });
  const track = ServerConnection.prototype.trackStream;
  vi.spyOn(ServerConnection.prototype, "trackStream").mockImplementation(function (this: ServerConnection, stream) {
    server.push(stream);
    track.call(this, stream);
  });
  return { client, server };
}

async function closed(streams: http2.Http2Stream[]): Promise<void> {
  await Promise.all(
    streams.map((s) => (s.closed && s.destroyed ? undefined : new Promise((resolve) => s.once("close", resolve)))),
  );
}

describe("a finished call lets go of its stream", () => {
  test("unary OK, a handler error, and server streaming: no stream points at its call once closed", async () => {
    loop = await startLoopback({
      unary: (req) => {
        if (req.label === "fail") throw new RpcError(Code.NOT_FOUND, "no such label");
        return { label: req.label };
      },
      serverStream: () => [{ label: "a" }, { label: "b" }],
    });
    await loop.client.unary({ label: "warm" }); // the connection exists before recording
    const streams = recordStreams();
    await loop.client.unary({ label: "x" });
    expect(await rejection(loop.client.unary({ label: "fail" }))).toMatchObject({ code: Code.NOT_FOUND });
    expect(await collect(loop.client.serverStream({}))).toHaveLength(2);
    expect(streams.client).toHaveLength(3);
    expect(streams.server).toHaveLength(3);
    await closed([...streams.client, ...streams.server]);
    for (const stream of [...streams.client, ...streams.server]) expect(callLinks(stream)).toEqual([]);
  });

  test("a call cancelled by the client: both sides let go", async () => {
    let started!: () => void;
    const handlerStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    loop = await startLoopback({
      unary: (req, context) =>
        req.label !== "hang"
          ? { label: req.label }
          : new Promise((_resolve, reject) => {
              started();
              context.signal.addEventListener("abort", () => reject(context.signal.reason));
            }),
    });
    await loop.client.unary({ label: "warm" });
    const streams = recordStreams();
    const controller = new AbortController();
    const pending = rejection(loop.client.unary({ label: "hang" }, { signal: controller.signal }));
    await handlerStarted;
    controller.abort();
    expect(await pending).toMatchObject({ code: Code.CANCELLED });
    await closed([...streams.client, ...streams.server]);
    for (const stream of [...streams.client, ...streams.server]) expect(callLinks(stream)).toEqual([]);
  });
});
