/** Bytes of the gRPC message prefix: 1 compressed-flag byte, 4 bytes big-endian length. */
export const PREFIX_BYTES = 5;

/** Request headers of a gRPC call on `path` (the bare client's, written by hand). */
export function requestHeaders(path: string): Record<string, string> {
  return { ":method": "POST", ":path": path, "content-type": "application/grpc", te: "trailers" };
}

/** One uncompressed length-prefixed message. */
export function frame(message: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(PREFIX_BYTES + message.length);
  out[0] = 0;
  out.writeUInt32BE(message.length, 1);
  out.set(message, PREFIX_BYTES);
  return out;
}

/**
 * Splits a byte stream into gRPC messages under any chunking. `push` returns the message bodies
 * completed by a chunk (views into the chunks when a message sits in one, copies otherwise).
 */
export class FrameSplitter {
  #pending: Buffer[] = [];
  #pendingBytes = 0;

  /** Feeds a chunk; returns the message bodies it completes, in order. */
  push(chunk: Buffer): Buffer[] {
    const out: Buffer[] = [];
    let buffer = chunk;
    if (this.#pendingBytes > 0) {
      this.#pending.push(chunk);
      buffer = Buffer.concat(this.#pending, this.#pendingBytes + chunk.length);
      this.#pending = [];
      this.#pendingBytes = 0;
    }
    let offset = 0;
    while (buffer.length - offset >= PREFIX_BYTES) {
      const length = buffer.readUInt32BE(offset + 1);
      const end = offset + PREFIX_BYTES + length;
      if (end > buffer.length) break;
      out.push(buffer.subarray(offset + PREFIX_BYTES, end));
      offset = end;
    }
    if (offset < buffer.length) {
      this.#pending.push(buffer.subarray(offset));
      this.#pendingBytes = buffer.length - offset;
    }
    return out;
  }

  /** Bytes of an unfinished message; non-zero at the end of a stream means truncation. */
  get pendingBytes(): number {
    return this.#pendingBytes;
  }
}

/**
 * Counts gRPC messages and their body bytes in a byte stream without copying: the cheapest
 * reader, for streams whose contents the bare client does not need.
 */
export class FrameCounter {
  /** Messages completed so far. */
  messages = 0;
  /** Body bytes of the completed messages. */
  bodyBytes = 0;
  #header = Buffer.alloc(PREFIX_BYTES);
  #headerFill = 0;
  #bodyLeft = 0;
  #bodyLength = 0;

  /** Feeds a chunk; returns the number of messages it completed. */
  push(chunk: Uint8Array): number {
    const before = this.messages;
    let offset = 0;
    while (offset < chunk.length) {
      if (this.#headerFill < PREFIX_BYTES) {
        const take = Math.min(PREFIX_BYTES - this.#headerFill, chunk.length - offset);
        this.#header.set(chunk.subarray(offset, offset + take), this.#headerFill);
        this.#headerFill += take;
        offset += take;
        if (this.#headerFill < PREFIX_BYTES) break;
        this.#bodyLength = this.#bodyLeft = this.#header.readUInt32BE(1);
      }
      const take = Math.min(this.#bodyLeft, chunk.length - offset);
      this.#bodyLeft -= take;
      offset += take;
      if (this.#bodyLeft === 0) {
        this.messages++;
        this.bodyBytes += this.#bodyLength;
        this.#headerFill = 0;
      }
    }
    return this.messages - before;
  }
}
