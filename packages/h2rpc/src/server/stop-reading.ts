import * as http2 from "node:http2";

const { NGHTTP2_NO_ERROR } = http2.constants;

/** How long a client may go on sending after our status before its stream is reset. */
const lingerAfterStatusMs = 1000;

/**
 * The client is still sending after our status went out: discard its data, and if it has not
 * half-closed soon, reset the stream (RFC 9113 §8.1). Resetting at once could overtake trailers
 * still queued behind DATA frames, so a well-behaved client gets time to see them and close.
 */
export function stopReading(stream: http2.ServerHttp2Stream): void {
  if (stream.readableEnded || stream.destroyed) return;
  stream.resume();
  const timer = setTimeout(() => {
    if (!stream.readableEnded && !stream.destroyed) stream.close(NGHTTP2_NO_ERROR);
  }, lingerAfterStatusMs);
  timer.unref();
  stream.once("close", () => clearTimeout(timer));
}
