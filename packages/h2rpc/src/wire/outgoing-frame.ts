import { Code } from "../core/code.js";
import { type CompressionName, isMarkedUncompressed } from "../core/compression.js";
import type { MessageType } from "../core/definitions.js";
import { RpcError } from "../core/rpc-error.js";
import { compressMessage } from "./compression-codec.js";
import { encodeFrame, encodeFrameHeader, frameHeaderBytes } from "./framing.js";
import { encodeMessageFrame } from "./message-codec.js";

/** Compressed messages at least this big are written as prefix + payload, without a copy. */
const zeroCopyThresholdBytes = 64 << 10;

/**
 * Encodes one outgoing message (a partial: defaults are filled in) into the chunks of its gRPC
 * frame, compressed with `compression` when the message has at least `compressMinBytes`.
 * @throws RpcError RESOURCE_EXHAUSTED past `maxBytes` (encoded size; `what` names the side in the
 *   message); whatever the type's encode throws for a message it cannot encode.
 */
export function frameOutgoing(
  type: MessageType<unknown>,
  message: unknown,
  maxBytes: number,
  compression: CompressionName,
  compressMinBytes: number,
  what: "Request" | "Response",
): Uint8Array[] {
  const frame = encodeMessageFrame(type, type.fromPartial(message as never));
  const length = frame.length - frameHeaderBytes;
  if (length > maxBytes) {
    throw new RpcError(Code.RESOURCE_EXHAUSTED, `${what} message larger than max (${length} vs. ${maxBytes} bytes)`);
  }
  if (compression === "identity" || length < compressMinBytes || isMarkedUncompressed(message)) {
    return [frame];
  }
  const compressed = compressMessage(compression, frame.subarray(frameHeaderBytes));
  if (compressed.length >= zeroCopyThresholdBytes) return [encodeFrameHeader(compressed.length, true), compressed];
  return [encodeFrame(compressed, true)];
}
