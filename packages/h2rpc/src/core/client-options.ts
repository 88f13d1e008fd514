import type { CallOptions } from "./call-options.js";

/** Options of a client: limits, plus call options applied to every call (a call's own options win). */
export interface ClientOptions extends CallOptions {
  /** Largest response message accepted, in bytes. Default 4 MiB; larger ones fail with RESOURCE_EXHAUSTED. */
  maxReceiveMessageBytes?: number;
  /** Largest request message sent, in bytes. Default unlimited. */
  maxSendMessageBytes?: number;
  /** Request messages smaller than this are sent uncompressed even when the call compresses. Default 1024. */
  compressMinBytes?: number;
}
