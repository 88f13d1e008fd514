/** A message encoding h2rpc can send and receive (`grpc-encoding` / `grpc-accept-encoding`). */
export type CompressionName = "identity" | "gzip" | "deflate";

/** Every encoding h2rpc supports, most preferred first (sent as `grpc-accept-encoding`). */
export const supportedCompressions: readonly CompressionName[] = ["gzip", "deflate", "identity"];

/** True when `name` is an encoding h2rpc supports. */
export function isCompressionName(name: string): name is CompressionName {
  return (supportedCompressions as readonly string[]).includes(name);
}

const uncompressed = new WeakSet<object>();
const arrivedCompressed = new WeakSet<object>();

/**
 * Marks `message` to be sent without compression even when its call compresses
 * (the per-message flag of gRPC framing). Returns the same object.
 */
export function sendUncompressed<T extends object>(message: T): T {
  uncompressed.add(message);
  return message;
}

/** True when {@link sendUncompressed} marked `message`. */
export function isMarkedUncompressed(message: unknown): boolean {
  return typeof message === "object" && message !== null && uncompressed.has(message);
}

/** True when `message` was received with its compressed flag set. */
export function wasCompressed(message: unknown): boolean {
  return typeof message === "object" && message !== null && arrivedCompressed.has(message);
}

/** Records that a decoded message arrived compressed (for {@link wasCompressed}). */
export function markArrivedCompressed(message: unknown): void {
  if (typeof message === "object" && message !== null) arrivedCompressed.add(message);
}
