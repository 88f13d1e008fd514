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

/** How long a failed call's trailers may wait behind unread data before its stream is reset. */
const stuckAfterStatusMs = 1000;

/** Resets `stream` (CANCEL) if it is still open a moment after its status was queued. */
export function resetIfStuck(stream: http2.ServerHttp2Stream): void {
  const timer = setTimeout(() => {
    if (!stream.closed && !stream.destroyed) stream.close(http2.constants.NGHTTP2_CANCEL);
  }, stuckAfterStatusMs);
  timer.unref();
  stream.once("close", () => clearTimeout(timer));
}
