import type * as http2 from "node:http2";
import { createChannel } from "h2rpc";
import type { BadInputCase, CaseContext, CaseRun } from "../bad-inputs.js";
import { createGreeterClient } from "../gen/helloworld/greeter.h2rpc.js";
import { startFrameProxy } from "./frame-proxy.js";
import { startGreeter } from "./greeter-fixture.js";
import { Flag, FrameType, type H2Frame } from "./h2-frames.js";
import type { Observed } from "./outcome-names.js";
import { connectRaw, startGoodCall } from "./raw-h2.js";

/** Everything observed while running one case. */
export interface CaseResult {
  readonly run: CaseRun;
  /** The bad stream and its connection, as the client saw them. */
  readonly observed: Observed;
  /** How the well-behaved call on the same connection ended: `OK` or what went wrong. */
  readonly good: string;
  /** Names of the request messages handlers received from the bad stream (the good call excluded). */
  readonly badNames: readonly string[];
  /** Handler invocations for the bad stream. */
  readonly badVisits: number;
  /** The request metadata of the first handler invocation for the bad stream, as text. */
  readonly badMetadata: Readonly<Record<string, string>>;
  /** True when a new connection was served normally after the case. */
  readonly serverServes: boolean;
}

/**
 * Runs one case: a fresh server, one raw connection, a `Chat` call in flight on stream 1, then the bad
 * stream on the same connection; then finishes the good call and checks a new connection is served.
 */
export async function runCase(testCase: BadInputCase): Promise<CaseResult> {
  const fixture = await startGreeter({ maxReceiveMessageBytes: 64 << 10, ...testCase.server });
  const injections = new Map<number, { after: "request" | "response"; frame: (id: number) => Uint8Array }>();
  const pick = (frame: H2Frame, after: "request" | "response"): Uint8Array | undefined => {
    const wanted = injections.get(frame.streamId);
    const ends =
      (frame.type === FrameType.DATA || frame.type === FrameType.HEADERS) && (frame.flags & Flag.END_STREAM) !== 0;
    if (wanted === undefined || wanted.after !== after || !ends) return undefined;
    injections.delete(frame.streamId);
    return wanted.frame(frame.streamId);
  };
  const proxy = testCase.viaProxy
    ? await startFrameProxy(fixture.port, {
        afterClientFrame: (f) => pick(f, "request"),
        onServerFrame: (f) => pick(f, "response"),
      })
    : undefined;
  let session: http2.ClientHttp2Session | undefined;
  try {
    // a large maxSendHeaderBlockLength so node lets oversized metadata reach the server
    session = await connectRaw(proxy?.port ?? fixture.port, { maxSendHeaderBlockLength: 1 << 20 });
    let goaway: number | undefined;
    session.on("goaway", (code: number) => {
      goaway ??= code;
    });
    const good = await startGoodCall(session);
    const context: CaseContext = {
      session,
      inject(stream, after, frame) {
        if (proxy === undefined) throw new Error(`case "${testCase.name}" injects frames: set viaProxy`);
        const arm = () => injections.set(stream.id as number, { after, frame });
        if (stream.id === undefined) stream.once("ready", arm);
        else arm();
      },
    };
    const run = await testCase.run(context);
    const { outcome } = run;
    const finished = await good.finish();
    const goodOk = finished.outcome.grpcStatus === 0 && finished.replies.join() === "Hi good-1,Hi good-2";
    const badVisits = fixture.visits.slice(1);
    return {
      run,
      observed: {
        http: outcome.httpStatus,
        grpc: outcome.grpcStatus,
        rst: outcome.rstCode === 0 ? undefined : outcome.rstCode,
        goaway,
      },
      good: goodOk ? "OK" : `lost (grpc-status ${finished.outcome.grpcStatus}, RST ${finished.outcome.rstCode})`,
      badNames: badVisits.flatMap((v) => v.names),
      badVisits: badVisits.length,
      badMetadata: Object.fromEntries([...(badVisits[0]?.metadata ?? [])].map(([k, v]) => [k, String(v)])),
      serverServes: await servesNewConnection(fixture.port),
    };
  } finally {
    session?.destroy();
    await proxy?.close();
    await fixture.close();
  }
}

async function servesNewConnection(port: number): Promise<boolean> {
  const channel = createChannel(`127.0.0.1:${port}`);
  try {
    const reply = await createGreeterClient(channel).sayHello({ name: "next" }, { timeoutMs: 2000 });
    return reply.message === "Hello, next!";
  } catch {
    return false;
  } finally {
    channel.close();
  }
}
