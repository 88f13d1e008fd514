import * as http2 from "node:http2";
import { drained } from "../bare/drain.js";
import { FrameCounter } from "../bare/framing.js";
import type { Workload } from "../workload.js";
import type { ClientDriver, DriverOptions, PingPongPlan } from "./driver.js";
import { unexpected } from "./driver.js";

/**
 * The ceiling client: node:http2 sessions, the workload's hand-written headers and pre-encoded
 * request frame, and responses checked by counting frames and reading `grpc-status`, never decoded.
 */
export function createBareDriver({ port, connections }: DriverOptions): ClientDriver {
  const sessions: (http2.ClientHttp2Session | undefined)[] = new Array(connections).fill(undefined);
  const session = (index: number): http2.ClientHttp2Session => {
    let s = sessions[index];
    if (s === undefined || s.closed || s.destroyed) {
      s = http2.connect(`http://127.0.0.1:${port}`);
      s.on("error", () => {});
      sessions[index] = s;
    }
    return s;
  };
  return {
    call: (connection, workload) => call(session(connection % connections).request(workload.headers), workload),
    pingPong: (workload, plan) => pingPong(session(0).request(workload.headers), workload, plan),
    close: async () => {
      await Promise.all(
        sessions.map((s) => (s === undefined || s.closed ? undefined : new Promise<void>((r) => s.close(r)))),
      );
    },
  };
}

/** Waits for a stream's end and checks its status; resolves with the messages it carried. */
function finish(stream: http2.ClientHttp2Stream, counter: FrameCounter): Promise<number> {
  return new Promise((resolve, reject) => {
    let status: string | undefined;
    stream.on("response", (headers) => {
      status = headers["grpc-status"] as string | undefined; // trailers-only
    });
    stream.on("trailers", (trailers) => {
      status = trailers["grpc-status"] as string | undefined;
    });
    stream.on("data", (chunk: Buffer) => counter.push(chunk));
    stream.on("error", reject);
    stream.on("close", () => {
      if (status === "0") resolve(counter.messages);
      else reject(new Error(`grpc-status ${String(status)} (rst ${stream.rstCode})`));
    });
  });
}

async function call(stream: http2.ClientHttp2Stream, workload: Workload): Promise<number> {
  const counter = new FrameCounter();
  const finished = finish(stream, counter);
  switch (workload.kind) {
    case "echo":
    case "echoComplex": {
      stream.end(workload.frame);
      await finished;
      if (counter.messages !== 1 || counter.bodyBytes !== workload.responseBodyBytes) throw unexpected("echo frame");
      return 1;
    }
    case "download": {
      stream.end(workload.frame);
      const messages = await finished;
      if (messages !== workload.messagesPerCall) throw unexpected(`${messages} messages`);
      return messages;
    }
    case "upload": {
      for (let i = 0; i < workload.messagesPerCall && !stream.destroyed; i++) {
        if (!stream.write(workload.frame)) await drained(stream);
      }
      stream.end();
      if ((await finished) !== 1) throw unexpected("upload summary");
      return workload.messagesPerCall;
    }
    case "hold":
      stream.end(workload.frame);
      await finished;
      return 1;
    case "pingPong":
      stream.close(http2.constants.NGHTTP2_CANCEL);
      throw new TypeError("ping-pong runs through pingPong()");
  }
}

async function pingPong(stream: http2.ClientHttp2Stream, workload: Workload, plan: PingPongPlan): Promise<number> {
  const counter = new FrameCounter();
  const finished = finish(stream, counter);
  let sentAt = performance.now();
  let done = 0;
  stream.on("data", () => {
    // finish() counted the chunk first; every completed message is one round trip
    if (counter.messages === done) return;
    done = counter.messages;
    plan.onRoundTrip(performance.now() - sentAt);
    if (done < plan.maxRoundTrips && performance.now() < plan.deadline) {
      sentAt = performance.now();
      stream.write(workload.frame);
    } else {
      stream.end();
    }
  });
  stream.write(workload.frame);
  await finished;
  return done;
}
