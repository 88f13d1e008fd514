import { Code } from "../core/code.js";
import type { ServerInterceptor } from "../core/interceptors.js";
import { RpcError } from "../core/rpc-error.js";
import type { ServerCallContext } from "../core/server-context.js";
import { callInScope, runInCallScope } from "../wire/call-scope.js";
import { exactlyOne, interceptedResponses } from "./intercepted-handler.js";
import type { ServerCall } from "./server-call.js";

/** Any handler, seen from the runner: one request or a request stream in, a result or a stream out. */
export type AnyHandler = (input: unknown, context: ServerCallContext) => unknown;

/** Called with an error a handler threw that was not an RpcError (it is reported to the client as UNKNOWN). */
export type HandlerErrorReporter = (error: unknown, context: ServerCallContext) => void;

/**
 * Runs `handler` for `call` according to the method's streaming flags, sends what it produces
 * and ends the call with the right status. The handler runs in the call's scope, so the calls it
 * makes inherit its deadline and cancellation. Never throws.
 */
export function runHandler(
  call: ServerCall<unknown, unknown>,
  handler: AnyHandler,
  reportError: HandlerErrorReporter,
  interceptors: readonly ServerInterceptor[] = [],
): void {
  if (interceptors.length === 0 && !call.method.requestStream && !call.method.responseStream) {
    new UnaryRun(call, handler, reportError).start();
  } else {
    void runInCallScope(call, () => runAnyHandler(call, handler, reportError, interceptors));
  }
}

/**
 * A plain unary call (no interceptors), the most common and the one latency hinges on: driven by
 * callbacks instead of an async function, so it costs no promise of its own besides the handler's.
 */
class UnaryRun {
  readonly #call: ServerCall<unknown, unknown>;
  readonly #handler: AnyHandler;
  readonly #reportError: HandlerErrorReporter;

  constructor(call: ServerCall<unknown, unknown>, handler: AnyHandler, reportError: HandlerErrorReporter) {
    this.#call = call;
    this.#handler = handler;
    this.#reportError = reportError;
  }

  start(): void {
    this.#call.requests.whenSingle(this.#onRequest, this.#onError);
  }

  readonly #onRequest = (request: unknown): void => {
    const call = this.#call;
    if (call.ended) return;
    let output: unknown;
    try {
      output = callInScope(call, this.#handler, request, call);
    } catch (error) {
      this.#onError(error);
      return;
    }
    if (isThenable(output)) output.then(this.#onResponse, this.#onError);
    else this.#onResponse(output);
  };

  readonly #onResponse = (response: unknown): void => {
    const call = this.#call;
    if (call.ended) return;
    try {
      const sending = call.send(response);
      if (sending === undefined) call.end();
      else sending.then(() => this.#end(), this.#onError);
    } catch (error) {
      this.#onError(error);
    }
  };

  #end(): void {
    try {
      this.#call.end();
    } catch (error) {
      this.#onError(error);
    }
  }

  readonly #onError = (error: unknown): void => {
    const call = this.#call;
    if (call.ended) return;
    try {
      call.end(toStatusError(error, call, this.#reportError));
    } catch {
      // the stream is beyond use (node destroyed it): its 'close' abandons the call
    }
  };
}

async function runAnyHandler(
  call: ServerCall<unknown, unknown>,
  handler: AnyHandler,
  reportError: HandlerErrorReporter,
  interceptors: readonly ServerInterceptor[],
): Promise<void> {
  try {
    let output: unknown;
    if (interceptors.length > 0) {
      const responses = interceptedResponses(
        { method: call.method, context: call, requests: call.requests },
        handler,
        interceptors,
      );
      output = call.method.responseStream ? responses : exactlyOne(responses, "response");
    } else {
      const input = call.method.requestStream ? call.requests : await call.requests.single();
      if (call.ended) return;
      output = handler.call(undefined, input, call);
    }
    if (call.method.responseStream) {
      await sendAll(call, output);
    } else {
      const response = isThenable(output) ? await output : output;
      if (call.ended) return;
      const sending = call.send(response);
      if (sending !== undefined) await sending;
    }
    call.end();
  } catch (error) {
    if (call.ended) return;
    call.end(toStatusError(error, call, reportError));
  }
}

async function sendAll(call: ServerCall<unknown, unknown>, output: unknown): Promise<void> {
  if (output === null || typeof output !== "object" || !(Symbol.asyncIterator in output || Symbol.iterator in output)) {
    throw new TypeError(
      `Handler for streaming method ${call.method.path} must return an (async) iterable, e.g. be an async function*`,
    );
  }
  const iterable = output as AsyncIterable<unknown> | Iterable<unknown>;
  const iterator =
    Symbol.asyncIterator in iterable
      ? iterable[Symbol.asyncIterator]()
      : (iterable as Iterable<unknown>)[Symbol.iterator]();
  try {
    for (;;) {
      const next = await iterator.next();
      if (next.done || call.ended) break;
      const sending = call.send(next.value);
      if (sending !== undefined) await sending;
      if (call.ended) break;
    }
  } finally {
    if (call.ended) await iterator.return?.();
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && typeof value === "object" && typeof (value as PromiseLike<unknown>).then === "function";
}

function toStatusError(
  error: unknown,
  call: ServerCall<unknown, unknown>,
  reportError: HandlerErrorReporter,
): RpcError {
  if (error instanceof RpcError) return error;
  if (call.signal.aborted && call.signal.reason instanceof RpcError) return call.signal.reason;
  try {
    reportError(error, call);
  } catch (reporterError) {
    // a throwing onHandlerError must not take the server down with the call
    console.error(`h2rpc: onHandlerError threw while reporting a failure of ${call.method.path}:`, reporterError);
  }
  return new RpcError(Code.UNKNOWN, "Unexpected error in the server handler");
}
