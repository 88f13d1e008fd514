import { HelloReply, HelloRequest } from "../gen/helloworld/greeter.js";

/** The 5-byte gRPC message prefix: compressed flag and big-endian length (which may lie). */
export function prefix(length: number, compressed = false): Uint8Array {
  const out = new Uint8Array(5);
  out[0] = compressed ? 1 : 0;
  new DataView(out.buffer).setUint32(1, length);
  return out;
}

/** `message` with its gRPC prefix. */
export function framed(message: Uint8Array, compressed = false): Uint8Array {
  const out = new Uint8Array(5 + message.length);
  out.set(prefix(message.length, compressed), 0);
  out.set(message, 5);
  return out;
}

/** A serialized `helloworld.HelloRequest` (the real generated ts-proto codec). */
export function helloBytes(name: string): Uint8Array {
  return HelloRequest.encode({ name }).finish();
}

/** A framed, uncompressed `HelloRequest`. */
export function hello(name: string): Uint8Array {
  return framed(helloBytes(name));
}

/** Splits a response body into its gRPC messages (uncompressed) and decodes each as a `HelloReply`. */
export function decodeReplies(body: Uint8Array): HelloReply[] {
  const replies: HelloReply[] = [];
  let at = 0;
  while (at + 5 <= body.length) {
    const length = new DataView(body.buffer, body.byteOffset + at + 1, 4).getUint32(0);
    replies.push(HelloReply.decode(body.subarray(at + 5, at + 5 + length)));
    at += 5 + length;
  }
  return replies;
}
