import { BinaryWriter } from "@bufbuild/protobuf/wire";
import type { MessageType } from "../core/definitions.js";
import { encodeFrame, frameHeaderBytes, writePrefix } from "./framing.js";

/** The fields of @bufbuild/protobuf's BinaryWriter that `finish()` uses; private in its types. */
interface WriterState {
  buffer: unknown;
  pos: unknown;
  stackPos: unknown;
}

/**
 * A BinaryWriter whose `finish()` copies the bytes into node's buffer pool: the stock one slices
 * its buffer, a new ArrayBuffer per message, which costs more than the rest of a small encode.
 * Falls back to the stock `finish()` if a @bufbuild/protobuf version keeps its state otherwise.
 */
class PooledBinaryWriter extends BinaryWriter {
  override finish(): Uint8Array<ArrayBuffer> {
    const state = this as unknown as WriterState;
    const { buffer, pos, stackPos } = state;
    if (!(buffer instanceof Uint8Array) || typeof pos !== "number" || !Array.isArray(stackPos)) return super.finish();
    const bytes: Uint8Array<ArrayBuffer> = Buffer.allocUnsafe(pos); // the pool is never shared memory
    bytes.set(buffer.subarray(0, pos));
    state.pos = 0;
    if (stackPos.length > 0) stackPos.length = 0;
    return bytes;
  }
}

function newSharedWriter(): BinaryWriter {
  return new PooledBinaryWriter();
}

/**
 * One writer for every encode in the process: encoding is synchronous and `finish()` hands out
 * the bytes and resets the writer, so a new writer per message (its chunk arrays, its growth)
 * is waste. ts-proto's small-message encode is 2–3× cheaper this way.
 */
let sharedWriter: BinaryWriter = newSharedWriter();

/** Messages up to this size (2 MiB) leave the shared writer's grown buffer (at most 4 MiB) for the next one. */
const retainedWriterBytes = 2 << 20;

/** Per message type: true when its `encode` takes our writer (ts-proto on @bufbuild/protobuf). */
const takesSharedWriter = new WeakMap<object, boolean>();

/**
 * Encodes a full message of `type` (ts-proto output, protobufjs or any {@link MessageType}). The
 * first encode of a type finds out whether it writes with @bufbuild/protobuf's BinaryWriter;
 * later ones then reuse the shared writer. Other types get their own writer every time.
 */
export function encodeMessage<T>(type: MessageType<T>, message: T): Uint8Array {
  if (takesSharedWriter.get(type) === true) return encodeWithSharedWriter(type, message, false);
  return encodeOnce(type, message);
}

/**
 * Encodes `message` as one uncompressed gRPC frame: the 5-byte prefix and the message in one
 * buffer. With the shared writer the prefix is written first, so the message is copied once.
 */
export function encodeMessageFrame<T>(type: MessageType<T>, message: T): Uint8Array {
  if (takesSharedWriter.get(type) === true) {
    const frame = encodeWithSharedWriter(type, message, true);
    writePrefix(frame, frame.length - frameHeaderBytes, false);
    return frame;
  }
  return encodeFrame(encodeOnce(type, message));
}

const prefixPlaceholder = new Uint8Array(frameHeaderBytes);

function encodeWithSharedWriter<T>(type: MessageType<T>, message: T, prefixed: boolean): Uint8Array {
  const writer = sharedWriter;
  try {
    if (prefixed) writer.raw(prefixPlaceholder);
    const encode = type.encode as unknown as (this: MessageType<T>, m: T, w: BinaryWriter) => BinaryWriter;
    const bytes = encode.call(type, message, writer).finish();
    // the writer keeps the buffer it grew: after a big message, let that memory go
    if (bytes.length > retainedWriterBytes) sharedWriter = newSharedWriter();
    return bytes;
  } catch (error) {
    sharedWriter = newSharedWriter(); // a throw mid-message leaves the writer half-written
    throw error;
  }
}

/** Encodes with the type's own writer; the first time, finds out whether the shared one fits. */
function encodeOnce<T>(type: MessageType<T>, message: T): Uint8Array {
  const writer = type.encode(message);
  if (!takesSharedWriter.has(type)) takesSharedWriter.set(type, writer instanceof BinaryWriter);
  return writer.finish();
}
