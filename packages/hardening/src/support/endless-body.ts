import type * as http2 from "node:http2";
import type { CaseContext, CaseRun } from "../bad-inputs.js";
import { prefix } from "./grpc-bytes.js";
import { grpcHeaders, openRaw } from "./raw-h2.js";

/** Writes an endless body to an unknown method: when does the answer come, when does reading stop. */
export async function endlessBody(context: CaseContext): Promise<CaseRun> {
  const call = openRaw(context.session, grpcHeaders("/helloworld.Greeter/NoSuchMethod"), 10_000);
  const stream = call.stream;
  const t0 = performance.now();
  const chunk = new Uint8Array(64 << 10);
  const total = 2 ** 31;
  let flushed = 0;
  let flushedAtResponse = -1;
  let responseAt = -1;
  let closedAt = -1;
  stream.once("response", () => {
    responseAt = performance.now() - t0;
    flushedAtResponse = flushed;
  });
  stream.once("close", () => {
    closedAt = performance.now() - t0;
  });
  stream.write(prefix(total));
  let written = 0;
  while (written < total && closedAt < 0 && performance.now() - t0 < 5000) {
    written += chunk.length;
    const more = stream.write(chunk, (error) => {
      if (error === undefined || error === null) flushed += chunk.length;
    });
    if (!more) await drained(stream, 50);
  }
  const outcome = await call.outcome;
  const discardedMiB = Math.round((flushed - flushedAtResponse) / 2 ** 20);
  const violations: string[] = [];
  if (flushedAtResponse < 0 || flushedAtResponse > 4 << 20) {
    violations.push(`answered after ${flushedAtResponse} bytes sent (want before 4 MiB)`);
  }
  if (closedAt < 0 || closedAt - responseAt > 2500) violations.push(`stream not reset within 2.5 s of the answer`);
  if (flushed >= total) violations.push("the server read the whole body");
  return {
    outcome,
    violations,
    facts:
      `answered after ${Math.round(flushedAtResponse / 1024)} KiB in ${Math.round(responseAt)} ms; ` +
      `reset ${Math.round(closedAt - responseAt)} ms later; ${discardedMiB} MiB discarded`,
  };
}

function drained(stream: http2.ClientHttp2Stream, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    stream.once("drain", done);
    stream.once("close", done);
    function done() {
      clearTimeout(timer);
      stream.off("drain", done);
      stream.off("close", done);
      resolve();
    }
  });
}
