import { setImmediate as yieldToLoop } from "node:timers/promises";
import { Code, RpcError } from "h2rpc";
import type { GreeterClient } from "../gen/helloworld/greeter.h2rpc.js";
import type { HelloRequest } from "../gen/helloworld/greeter.js";
import { encodeDirective } from "./directive.js";
import type { CallPlan } from "./plan.js";

/** How a call ended: its status code, or `hung` when the watchdog had to stop it. */
export type CallEnd = Code | "hung";

/**
 * Runs one call to its end, whatever happens: never throws, never outlives `watchdogMs` (past it the
 * call is aborted and reported `hung`, a soak failure).
 */
export async function runCall(client: GreeterClient, plan: CallPlan, watchdogMs: number): Promise<CallEnd> {
  const controller = new AbortController();
  let hung = false;
  const watchdog = setTimeout(() => {
    hung = true;
    controller.abort(new Error("soak watchdog"));
  }, watchdogMs);
  const cancel =
    plan.cancelAfterMs === undefined ? undefined : setTimeout(() => controller.abort(), plan.cancelAfterMs);
  const options = { signal: controller.signal, timeoutMs: plan.timeoutMs };
  const name = encodeDirective({ delayMs: plan.delayMs, fail: plan.fate === "fail" });
  try {
    await callByKind(client, plan, name, options);
    return hung ? "hung" : Code.OK;
  } catch (error) {
    if (hung) return "hung";
    return error instanceof RpcError ? error.code : Code.UNKNOWN;
  } finally {
    clearTimeout(watchdog);
    if (cancel !== undefined) clearTimeout(cancel);
  }
}

type Options = { signal: AbortSignal; timeoutMs: number | undefined };

async function callByKind(client: GreeterClient, plan: CallPlan, name: string, options: Options): Promise<void> {
  switch (plan.kind) {
    case "unary":
      await client.sayHello({ name }, options);
      return;
    case "serverStream": {
      let received = 0;
      for await (const _ of client.sayHelloStream({ name, count: plan.messages }, options)) received++;
      if (received !== plan.messages) throw new RpcError(Code.DATA_LOSS, `got ${received} of ${plan.messages}`);
      return;
    }
    case "clientStream":
      await client.greetMany(requestStream(name, plan.messages), options);
      return;
    case "bidi":
      await pingPong(client, name, plan.messages, options);
      return;
  }
}

async function* requestStream(name: string, count: number): AsyncGenerator<HelloRequest> {
  for (let i = 0; i < count; i++) {
    if (i % 4 === 3) await yieldToLoop();
    yield { name };
  }
}

/** Bidi ping-pong: each request waits for the previous reply. */
async function pingPong(client: GreeterClient, name: string, count: number, options: Options): Promise<void> {
  let release: (() => void) | undefined;
  let finished = false;
  async function* requests(): AsyncGenerator<HelloRequest> {
    for (let i = 0; i < count && !finished; i++) {
      yield { name };
      await new Promise<void>((resolve) => {
        release = resolve;
      });
    }
  }
  let replies = 0;
  try {
    for await (const _ of client.chat(requests(), options)) {
      replies++;
      release?.();
    }
  } finally {
    finished = true;
    release?.(); // never leave the request generator waiting
  }
  if (replies !== count) throw new RpcError(Code.DATA_LOSS, `got ${replies} of ${count} replies`);
}
