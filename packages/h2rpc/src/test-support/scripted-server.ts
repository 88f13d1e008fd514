import * as http2 from "node:http2";

/** What a scripted server does with each request stream. */
export type StreamScript = (stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders) => void;

/**
 * A bare HTTP/2 server on 127.0.0.1 that answers every stream with `script`, for tests of how
 * the client copes with peers that break the gRPC protocol.
 */
export async function startScriptedServer(
  script: StreamScript,
): Promise<{ port: number; raw: http2.Http2Server; close(): Promise<void> }> {
  const server = http2.createServer();
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on("session", (s) => {
    sessions.add(s);
    s.on("error", () => {});
    s.on("close", () => sessions.delete(s));
  });
  server.on("stream", (stream, headers) => {
    stream.on("error", () => {});
    script(stream, headers);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    raw: server,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sessions) s.destroy();
        server.close(() => resolve());
      }),
  };
}
