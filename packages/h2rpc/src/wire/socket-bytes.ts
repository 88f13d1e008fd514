/** The byte stream under an HTTP/2 session, as far as its byte counters go (a net or TLS socket). */
export type CountedSocket = { readonly bytesWritten?: number; readonly bytesRead?: number };

/** Bytes moved over `socket` so far; 0 for a stream that does not count them (in-memory pipes). */
export function socketBytes(socket: CountedSocket | undefined): { sent: number; received: number } {
  try {
    return { sent: socket?.bytesWritten ?? 0, received: socket?.bytesRead ?? 0 };
  } catch {
    return { sent: 0, received: 0 };
  }
}
