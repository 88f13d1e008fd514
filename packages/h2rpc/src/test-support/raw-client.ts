import * as http2 from "node:http2";
import { encodeFrame } from "../wire/framing.js";

/** What a raw HTTP/2 request got back. */
export interface RawResponse {
  headers: http2.IncomingHttpHeaders;
  trailers: http2.IncomingHttpHeaders | undefined;
  body: Buffer;
  rstCode: number | undefined;
}

/**
 * Sends one hand-built request to a server on 127.0.0.1:`port`, for tests that need to
 * break the protocol on purpose. `body` chunks are written as given (already framed or not).
 */
export async function rawRequest(
  port: number,
  headers: http2.OutgoingHttpHeaders,
  body: Uint8Array[] = [],
  options: { endStream?: boolean; timeoutMs?: number } = {},
): Promise<RawResponse> {
  const session = http2.connect(`http://127.0.0.1:${port}`);
  session.on("error", () => {});
  try {
    return await new Promise<RawResponse>((resolve, reject) => {
      const stream = session.request(
        { ":method": "POST", ":scheme": "http", "content-type": "application/grpc", te: "trailers", ...headers },
        { endStream: false },
      );
      let responseHeaders: http2.IncomingHttpHeaders = {};
      let trailers: http2.IncomingHttpHeaders | undefined;
      const chunks: Buffer[] = [];
      const timer = setTimeout(() => reject(new Error("raw request timed out")), options.timeoutMs ?? 5000);
      stream.on("response", (h) => {
        responseHeaders = h;
      });
      stream.on("trailers", (t) => {
        trailers = t;
      });
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("error", () => {});
      stream.on("close", () => {
        clearTimeout(timer);
        resolve({ headers: responseHeaders, trailers, body: Buffer.concat(chunks), rstCode: stream.rstCode });
      });
      for (const chunk of body) stream.write(chunk);
      if (options.endStream !== false) stream.end();
    });
  } finally {
    session.close();
  }
}

/** Frames each message (5-byte prefix, uncompressed). */
export function frames(...messages: Uint8Array[]): Uint8Array[] {
  return messages.map((m) => encodeFrame(m));
}
