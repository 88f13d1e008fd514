import { once } from "node:events";
import * as http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { drained } from "../bare/drain.js";
import { FrameCounter, FrameSplitter, frame, PREFIX_BYTES } from "../bare/framing.js";
import { DownloadRequest, HoldRequest, Payload, UploadSummary } from "../gen/bench/bench.js";
import { cached, payload } from "../workload.js";
import type { BenchServer } from "./bench-server.js";
import { Holds } from "./holds.js";

const RESPONSE_HEADERS = { ":status": 200, "content-type": "application/grpc" };
const OK_TRAILERS = { "grpc-status": "0" };
const EMPTY_FRAME = frame(Payload.encode({ body: new Uint8Array(0) }).finish());

/**
 * The ceiling: the same gRPC exchange on node:http2 with nothing else. Echo answers with the
 * request's bytes as received (an echo's response frame is its request frame), Download writes
 * one pre-encoded frame `count` times, PingPong writes each message back as it completes.
 * Only the small DownloadRequest, HoldRequest and UploadSummary go through the protobuf codec.
 */
export async function startBareServer(): Promise<BenchServer> {
  const holds = new Holds();
  const frames = new Map<number, Buffer>();
  const server = http2.createServer();
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on("session", (session) => {
    sessions.add(session);
    session.on("close", () => sessions.delete(session));
    session.on("error", () => {});
  });
  server.on("stream", (stream, headers) => {
    stream.on("error", () => {});
    switch (headers[":path"]) {
      case "/bench.BenchService/Echo":
      case "/bench.BenchService/EchoComplex":
        return void readAll(stream).then((body) => reply(stream, body));
      case "/bench.BenchService/Download":
        return void readAll(stream).then((body) => download(stream, body, frames));
      case "/bench.BenchService/Upload":
        return upload(stream);
      case "/bench.BenchService/PingPong":
        return pingPong(stream);
      case "/bench.BenchService/Hold":
        return void readAll(stream).then(async (body) => {
          await holds.wait(HoldRequest.decode(body.subarray(PREFIX_BYTES)).delayMs);
          reply(stream, EMPTY_FRAME);
        });
      default:
        stream.respond({ ...RESPONSE_HEADERS, "grpc-status": "12" }, { endStream: true });
    }
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    port: (server.address() as AddressInfo).port,
    get holding() {
      return holds.size;
    },
    releaseHolds: () => holds.release(),
    close: async () => {
      const closed = once(server, "close");
      server.close();
      for (const session of sessions) session.destroy();
      await closed;
    },
  };
}

function readAll(stream: http2.ServerHttp2Stream): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
  });
}

function respond(stream: http2.ServerHttp2Stream): void {
  stream.respond(RESPONSE_HEADERS, { waitForTrailers: true });
  stream.once("wantTrailers", () => stream.sendTrailers(OK_TRAILERS));
}

function reply(stream: http2.ServerHttp2Stream, body: Buffer): void {
  if (stream.destroyed) return;
  respond(stream);
  stream.end(body);
}

async function download(stream: http2.ServerHttp2Stream, body: Buffer, frames: Map<number, Buffer>): Promise<void> {
  const request = DownloadRequest.decode(body.subarray(PREFIX_BYTES));
  const message = cached(frames, request.size, (size) => frame(Payload.encode(payload(size)).finish()));
  respond(stream);
  for (let i = 0; i < request.count && !stream.destroyed; i++) {
    if (!stream.write(message)) await drained(stream);
  }
  stream.end();
}

function upload(stream: http2.ServerHttp2Stream): void {
  const counter = new FrameCounter();
  stream.on("data", (chunk: Buffer) => counter.push(chunk));
  stream.on("end", () => {
    const summary = UploadSummary.encode({ count: counter.messages, bytes: BigInt(counter.bodyBytes) }).finish();
    reply(stream, frame(summary));
  });
}

function pingPong(stream: http2.ServerHttp2Stream): void {
  const splitter = new FrameSplitter();
  respond(stream);
  stream.on("data", (chunk: Buffer) => {
    for (const body of splitter.push(chunk)) stream.write(frame(body));
  });
  stream.on("end", () => stream.end());
}
