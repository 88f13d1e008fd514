import type { Writable } from "node:stream";

/** Resolves when `stream` can take more data, or once it closed (so a reset never leaves a writer waiting). */
export function drained(stream: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off("drain", done);
      stream.off("close", done);
      resolve();
    };
    stream.on("drain", done);
    stream.on("close", done);
  });
}
