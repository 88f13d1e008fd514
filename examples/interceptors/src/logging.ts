import { type ClientInterceptor, codeName, RpcError, type ServerInterceptor } from "h2rpc";

/** Where log lines go. */
export type LogSink = (line: string) => void;

/** Client side: one line per call with its method, status and duration, and a count of messages each way. */
export function clientLogging(log: LogSink): ClientInterceptor {
  return async (request, next) => {
    const started = performance.now();
    let sent = 0;
    let received = 0;
    const response = await next({
      ...request,
      requests: (async function* () {
        for await (const m of request.requests) {
          sent++;
          yield m;
        }
      })(),
    });
    return {
      ...response,
      messages: (async function* () {
        let status = "OK";
        try {
          for await (const m of response.messages) {
            received++;
            yield m;
          }
        } catch (e) {
          status = e instanceof RpcError ? codeName(e.code) : "UNKNOWN";
          throw e;
        } finally {
          const ms = (performance.now() - started).toFixed(1);
          log(`client ${request.method.path} ${status} ${ms} ms sent=${sent} received=${received}`);
        }
      })(),
    };
  };
}

/** Server side: one line per call with its method, peer and status. */
export function serverLogging(log: LogSink): ServerInterceptor {
  return async function* (request, next) {
    let status = "OK";
    try {
      yield* next(request);
    } catch (e) {
      status = e instanceof RpcError ? codeName(e.code) : "UNKNOWN";
      throw e;
    } finally {
      log(`server ${request.method.path} from ${request.context.peer} ${status}`);
    }
  };
}
