import type { HandlerCounters } from "./server-handlers.js";
import type { ProcessSnapshot } from "./snapshot.js";

/** Messages the driver sends the soak server. */
export type ToServer = { type: "snapshot" } | { type: "stop" };

/** Messages the soak server sends the driver. */
export type FromServer =
  | { type: "listening"; port: number }
  | { type: "snapshot"; snapshot: ProcessSnapshot; handlers: HandlerCounters }
  | { type: "stopped"; shutdownMs: number };
