import { Code } from "../core/code.js";
import { RpcError } from "../core/rpc-error.js";

/** Size of the gRPC message prefix: 1 flag byte and a 4-byte big-endian length. */
export const frameHeaderBytes = 5;

/** One length-prefixed gRPC message as read off the wire. */
export interface Frame {
  /** True when the compressed flag was set (the bytes use the call's `grpc-encoding`). */
  compressed: boolean;
  /** The message bytes (still compressed when `compressed`). */
  data: Uint8Array;
}

/** Writes the 5-byte prefix of a message of `length` bytes into a new buffer. */
export function encodeFrameHeader(length: number, compressed: boolean): Uint8Array {
  const header = Buffer.allocUnsafe(frameHeaderBytes);
  writePrefix(header, length, compressed);
  return header;
}

/**
 * Prefixes `message` into one contiguous buffer (one copy; use {@link encodeFrameHeader} for big
 * payloads). Small frames come from node's buffer pool, so they cost no allocation of their own.
 */
export function encodeFrame(message: Uint8Array, compressed = false): Uint8Array {
  const out = Buffer.allocUnsafe(frameHeaderBytes + message.length);
  writePrefix(out, message.length, compressed);
  out.set(message, frameHeaderBytes);
  return out;
}

/** Writes the 5-byte prefix of a message of `length` bytes at the start of `out`. */
export function writePrefix(out: Uint8Array, length: number, compressed: boolean): void {
  out[0] = compressed ? 1 : 0;
  out[1] = length >>> 24;
  out[2] = (length >>> 16) & 0xff;
  out[3] = (length >>> 8) & 0xff;
  out[4] = length & 0xff;
}

/**
 * An incremental decoder of length-prefixed messages that accepts any chunking:
 * a message may span many chunks and a chunk may hold many messages.
 */
export interface FrameDecoder {
  /**
   * Feeds one chunk; calls `onFrame` for every message it completes.
   * @throws RpcError RESOURCE_EXHAUSTED when a declared length exceeds the limit (before buffering it),
   *   INTERNAL for an invalid flag byte.
   */
  push(chunk: Uint8Array, onFrame: (frame: Frame) => void): void;
  /**
   * Bytes received of the unfinished message, its 5-byte prefix included: zero exactly on a message
   * boundary, so non-zero at end of stream means the stream was truncated.
   */
  readonly pendingBytes: number;
  /** Checks the stream ended on a message boundary. @throws RpcError INTERNAL otherwise. */
  end(): void;
}

/** Creates a {@link FrameDecoder} refusing messages over `maxMessageBytes`. */
export function createFrameDecoder(maxMessageBytes: number): FrameDecoder {
  return new FrameDecoderImpl(maxMessageBytes);
}

class FrameDecoderImpl implements FrameDecoder {
  readonly #max: number;
  /** A prefix split over chunks is gathered here (made on first need: most prefixes arrive whole). */
  #header: Uint8Array | undefined;
  #headerFill = 0;
  /** Declared length of the message being read, or -1 between messages. */
  #bodyLength = -1;
  /** Pieces of the message being read, as received: memory follows what arrived, not what was declared. */
  #parts: Uint8Array[] = [];
  #bodyFill = 0;
  #compressed = false;

  constructor(maxMessageBytes: number) {
    this.#max = maxMessageBytes;
  }

  get pendingBytes(): number {
    return this.#bodyLength < 0 ? this.#headerFill : frameHeaderBytes + this.#bodyFill;
  }

  push(chunk: Uint8Array, onFrame: (frame: Frame) => void): void {
    let pos = 0;
    const len = chunk.length;
    while (pos < len) {
      if (this.#bodyLength < 0) {
        let length: number;
        if (this.#headerFill === 0 && len - pos >= frameHeaderBytes) {
          length = this.#startMessage(chunk[pos] as number, readUint32(chunk, pos + 1));
          pos += frameHeaderBytes;
        } else {
          const take = Math.min(frameHeaderBytes - this.#headerFill, len - pos);
          this.#header ??= new Uint8Array(frameHeaderBytes);
          const header = this.#header;
          header.set(chunk.subarray(pos, pos + take), this.#headerFill);
          this.#headerFill += take;
          pos += take;
          if (this.#headerFill < frameHeaderBytes) return;
          this.#headerFill = 0;
          length = this.#startMessage(header[0] as number, readUint32(header, 1));
        }
        if (len - pos >= length) {
          onFrame({ compressed: this.#compressed, data: chunk.subarray(pos, pos + length) });
          pos += length;
          continue;
        }
        this.#bodyLength = length;
        this.#bodyFill = 0;
      }
      const take = Math.min(this.#bodyLength - this.#bodyFill, len - pos);
      this.#parts.push(chunk.subarray(pos, pos + take));
      this.#bodyFill += take;
      pos += take;
      if (this.#bodyFill === this.#bodyLength) onFrame({ compressed: this.#compressed, data: this.#takeBody() });
    }
  }

  #takeBody(): Uint8Array {
    const parts = this.#parts;
    // not zero-filled, never from the shared pool (a decoded message may keep it alive)
    const body = parts.length === 1 ? (parts[0] as Uint8Array) : Buffer.allocUnsafeSlow(this.#bodyLength);
    if (parts.length > 1) {
      let at = 0;
      for (const part of parts) {
        body.set(part, at);
        at += part.length;
      }
    }
    this.#parts = [];
    this.#bodyLength = -1;
    this.#bodyFill = 0;
    return body;
  }

  end(): void {
    if (this.pendingBytes > 0) {
      throw new RpcError(Code.INTERNAL, "Stream ended in the middle of a length-prefixed message (truncated)");
    }
  }

  #startMessage(flag: number, length: number): number {
    if (flag > 1) {
      throw new RpcError(Code.INTERNAL, `Invalid message flag byte 0x${flag.toString(16)} (expected 0 or 1)`);
    }
    if (length > this.#max) {
      throw new RpcError(
        Code.RESOURCE_EXHAUSTED,
        `Received message larger than max (${length} vs. ${this.#max} bytes)`,
      );
    }
    this.#compressed = flag === 1;
    return length;
  }
}

function readUint32(bytes: Uint8Array, at: number): number {
  return (
    ((bytes[at] as number) * 0x1000000 +
      (((bytes[at + 1] as number) << 16) | ((bytes[at + 2] as number) << 8) | (bytes[at + 3] as number))) >>>
    0
  );
}
