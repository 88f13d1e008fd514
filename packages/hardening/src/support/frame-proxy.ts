import * as net from "node:net";
import { clientPreface, FrameReader, type H2Frame } from "./h2-frames.js";

/**
 * A TCP relay between an HTTP/2 client and a server that parses both directions frame by frame and
 * may inject bytes of its own towards the server after any frame: one connection end to end, with
 * frames no HTTP/2 library would send (DATA after END_STREAM, ...).
 */
export interface FrameProxy {
  readonly port: number;
  /** Closes the listener and every relayed connection. */
  close(): Promise<void>;
}

/** Hooks of a {@link FrameProxy}: each returns bytes to send to the server right after the frame, or undefined. */
export interface FrameHooks {
  /** Sees each client frame after it was forwarded to the server. */
  afterClientFrame?(frame: H2Frame): Uint8Array | undefined;
  /** Sees each server frame as it is relayed (unchanged) to the client. */
  onServerFrame?(frame: H2Frame): Uint8Array | undefined;
}

/** Starts a proxy on 127.0.0.1 to the server on `targetPort`. */
export async function startFrameProxy(targetPort: number, hooks: FrameHooks): Promise<FrameProxy> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, "127.0.0.1");
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("error", () => {});
      s.once("close", () => {
        sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    const inject = (bytes: Uint8Array | undefined) => {
      if (bytes !== undefined && upstream.writable) upstream.write(bytes);
    };
    const serverReader = new FrameReader();
    upstream.on("data", (chunk: Buffer) => {
      client.write(chunk);
      for (const frame of serverReader.push(chunk)) inject(hooks.onServerFrame?.(frame));
    });
    const clientReader = new FrameReader();
    let prefaceLeft = clientPreface.length;
    client.on("data", (chunk: Buffer) => {
      let data = chunk;
      if (prefaceLeft > 0) {
        const head = data.subarray(0, prefaceLeft);
        upstream.write(head);
        prefaceLeft -= head.length;
        data = data.subarray(head.length);
      }
      for (const frame of clientReader.push(data)) {
        upstream.write(Buffer.concat([frameHeader(frame), frame.payload]));
        inject(hooks.afterClientFrame?.(frame));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function frameHeader(frame: H2Frame): Buffer {
  const header = Buffer.alloc(9);
  header.writeUIntBE(frame.payload.length, 0, 3);
  header[3] = frame.type;
  header[4] = frame.flags;
  header.writeUInt32BE(frame.streamId, 5);
  return header;
}
