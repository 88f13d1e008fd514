import * as net from "node:net";
import { clientPreface, encodeFrame, Flag, FrameReader, FrameType, type H2Frame } from "./h2-frames.js";

/** A client that speaks HTTP/2 frame by frame over TCP, for rules no HTTP/2 library lets you break. */
export interface RawTcpH2 {
  /** Every frame the server sent so far. */
  readonly frames: H2Frame[];
  /** Writes bytes (frames) to the server. */
  send(bytes: Uint8Array): void;
  /** Resolves once a frame matching `predicate` arrived (rejects after `timeoutMs` or on close). */
  waitFor(predicate: (frame: H2Frame) => boolean, timeoutMs?: number): Promise<H2Frame>;
  /** True once the server closed the connection. */
  readonly closed: boolean;
  destroy(): void;
}

/**
 * Connects, sends the preface and empty SETTINGS, ACKs the server's SETTINGS and waits for the ACK of
 * ours: from then on the server's SETTINGS are in force (RFC 9113 §6.5.3).
 */
export async function connectRawTcp(port: number): Promise<RawTcpH2> {
  const socket = net.connect(port, "127.0.0.1");
  socket.on("error", () => {});
  const frames: H2Frame[] = [];
  const reader = new FrameReader();
  const waiters = new Set<() => void>();
  let closed = false;
  socket.on("data", (chunk: Buffer) => {
    for (const frame of reader.push(chunk)) {
      frames.push(frame);
      if (frame.type === FrameType.SETTINGS && (frame.flags & Flag.ACK) === 0) {
        socket.write(encodeFrame(FrameType.SETTINGS, Flag.ACK, 0));
      }
      if (frame.type === FrameType.PING && (frame.flags & Flag.ACK) === 0) {
        socket.write(encodeFrame(FrameType.PING, Flag.ACK, 0, frame.payload));
      }
    }
    for (const w of waiters) w();
  });
  socket.once("close", () => {
    closed = true;
    for (const w of waiters) w();
  });
  await new Promise((resolve) => socket.once("connect", resolve));
  socket.write(Buffer.concat([clientPreface, encodeFrame(FrameType.SETTINGS, 0, 0)]));
  const client: RawTcpH2 = {
    frames,
    get closed() {
      return closed;
    },
    send: (bytes) => void socket.write(bytes),
    waitFor(predicate, timeoutMs = 3000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = frames.find(predicate);
          if (found !== undefined) done(() => resolve(found));
          else if (closed) done(() => reject(new Error("connection closed before the expected frame")));
        };
        const timer = setTimeout(() => done(() => reject(new Error("timed out waiting for a frame"))), timeoutMs);
        const done = (then: () => void) => {
          clearTimeout(timer);
          waiters.delete(check);
          then();
        };
        waiters.add(check);
        check();
      });
    },
    destroy: () => void socket.destroy(),
  };
  await client.waitFor((f) => f.type === FrameType.SETTINGS && (f.flags & Flag.ACK) !== 0);
  return client;
}
