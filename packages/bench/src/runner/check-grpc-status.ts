import * as http2 from "node:http2";

/**
 * Sends one request the way h2load does (its headers, the body with a content-length) and
 * resolves with the `grpc-status` of the reply, or "none". h2load itself looks only at the HTTP
 * status, so this check is what says the servers answered its requests with OK.
 */
export function grpcStatusOfH2loadStyleRequest(port: number, path: string, body: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(`http://127.0.0.1:${port}`);
    session.on("error", reject);
    let status = "none";
    const stream = session.request({
      ":method": "POST",
      ":path": path,
      "content-type": "application/grpc",
      te: "trailers",
      "content-length": String(body.length),
      accept: "*/*",
      "accept-encoding": "gzip, deflate",
      "user-agent": "h2load nghttp2",
    });
    stream.on("response", (headers) => {
      status = String(headers["grpc-status"] ?? status);
    });
    stream.on("trailers", (trailers) => {
      status = String(trailers["grpc-status"] ?? status);
    });
    stream.on("data", () => {});
    stream.on("error", reject);
    stream.on("close", () => {
      session.close();
      resolve(status);
    });
    stream.end(body);
  });
}
