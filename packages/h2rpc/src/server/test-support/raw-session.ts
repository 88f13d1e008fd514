import * as http2 from "node:http2";
import { encodeFrame } from "../../wire/framing.js";

/** What a raw session saw of the server's GOAWAYs. */
export interface RawSession {
  readonly session: http2.ClientHttp2Session;
  /** GOAWAYs received, in order. */
  readonly goaways: { code: number; lastStreamId: number; data: string }[];
  /** Resolves when the session closed. */
  readonly closed: Promise<void>;
  /** Opens a gRPC call to `path` with one framed request message; resolves with how it ended. */
  call(path: string, label?: string): Promise<RawCallEnd>;
  close(): void;
}

/** How a raw call ended. */
export interface RawCallEnd {
  status: string | undefined;
  rstCode: number | undefined;
  streamId: number | undefined;
}

/** Connects a bare `node:http2` client to 127.0.0.1:`port` (a test that needs to break the rules). */
export async function connectRaw(port: number): Promise<RawSession> {
  const session = http2.connect(`http://127.0.0.1:${port}`);
  const goaways: RawSession["goaways"] = [];
  session.on("error", () => {});
  session.on("goaway", (code: number, lastStreamId: number, data?: Buffer) => {
    goaways.push({ code, lastStreamId, data: data?.toString("ascii") ?? "" });
  });
  const closed = new Promise<void>((resolve) => session.once("close", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    session.once("connect", () => resolve());
    session.once("close", () => reject(new Error("raw session closed before connecting")));
  });
  return {
    session,
    goaways,
    closed,
    call(path: string, label = "") {
      return new Promise<RawCallEnd>((resolve) => {
        let status: string | undefined;
        let stream: http2.ClientHttp2Stream;
        try {
          stream = session.request({
            ":method": "POST",
            ":path": path,
            "content-type": "application/grpc",
            te: "trailers",
          });
        } catch {
          resolve({ status: undefined, rstCode: http2.constants.NGHTTP2_REFUSED_STREAM, streamId: undefined });
          return;
        }
        stream.on("error", () => {});
        stream.on("response", (h) => {
          status ??= h["grpc-status"] as string | undefined;
        });
        stream.on("trailers", (t) => {
          status = t["grpc-status"] as string | undefined;
        });
        stream.resume();
        stream.on("close", () => resolve({ status, rstCode: stream.rstCode, streamId: stream.id }));
        stream.end(encodeFrame(new Uint8Array([...Buffer.from(label), 0]))); // a TestMessage: label, NUL, no payload
      });
    },
    close() {
      session.close();
    },
  };
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `predicate` every 5 ms until it holds; rejects after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, timeoutMs = 3000, what = "condition"): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}
