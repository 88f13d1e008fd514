import { BinaryWriter } from "@bufbuild/protobuf/wire";
import type { MessageType } from "../core/definitions.js";

/**
 * One writer for every encode in the process: encoding is synchronous and `finish()` hands out
 * the bytes and resets the writer, so a new writer per message (its chunk arrays, its growth)
 * is waste. ts-proto's small-message encode is 2–3× cheaper this way.
 */
let sharedWriter = new BinaryWriter();

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
  const reuse = takesSharedWriter.get(type);
  if (reuse === true) {
    const writer = sharedWriter;
    try {
      const encode = type.encode as unknown as (this: MessageType<T>, m: T, w: BinaryWriter) => BinaryWriter;
      const bytes = encode.call(type, message, writer).finish();
      // the writer keeps the buffer it grew: after a big message, let that memory go
      if (bytes.length > retainedWriterBytes) sharedWriter = new BinaryWriter();
      return bytes;
    } catch (error) {
      sharedWriter = new BinaryWriter(); // a throw mid-message leaves the writer half-written
      throw error;
    }
  }
  const writer = type.encode(message);
  if (reuse === undefined) takesSharedWriter.set(type, writer instanceof BinaryWriter);
  return writer.finish();
}
