import { Code } from "../core/code.js";
import type { MethodDefinition } from "../core/definitions.js";
import type { ServerCallRequest, ServerInterceptor, ServerNext } from "../core/interceptors.js";
import { RpcError } from "../core/rpc-error.js";
import type { AnyHandler } from "./run-handler.js";

/**
 * Wraps `handler` in `interceptors` (first listed outermost) and returns the responses the
 * call should send, as one stream for every call kind.
 */
export function interceptedResponses(
  request: ServerCallRequest,
  handler: AnyHandler,
  interceptors: readonly ServerInterceptor[],
): AsyncIterable<unknown> {
  const innermost: ServerNext = (req) => invokeHandler(req, handler);
  const chain = interceptors.reduceRight<ServerNext>((next, interceptor) => (req) => interceptor(req, next), innermost);
  return chain(request);
}

async function* invokeHandler(request: ServerCallRequest, handler: AnyHandler): AsyncGenerator<unknown> {
  const method = request.method as MethodDefinition<unknown, unknown>;
  const input = method.requestStream ? request.requests : await exactlyOne(request.requests, "request");
  const output = handler.call(undefined, input, request.context);
  if (!method.responseStream) {
    yield await output;
    return;
  }
  if (output === null || typeof output !== "object" || !(Symbol.asyncIterator in output || Symbol.iterator in output)) {
    throw new TypeError(
      `Handler for streaming method ${method.path} must return an (async) iterable, e.g. be an async function*`,
    );
  }
  yield* output as AsyncIterable<unknown> | Iterable<unknown>;
}

/** The only message of `messages`. @throws RpcError INTERNAL for none or several. */
export async function exactlyOne(messages: AsyncIterable<unknown>, what: "request" | "response"): Promise<unknown> {
  const iterator = messages[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) throw new RpcError(Code.INTERNAL, `No ${what} message for a single-${what} call`);
  const second = await iterator.next();
  if (!second.done) {
    await iterator.return?.();
    throw new RpcError(Code.INTERNAL, `More than one ${what} message for a single-${what} call`);
  }
  return first.value;
}
