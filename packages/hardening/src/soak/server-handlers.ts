import { setTimeout as sleep } from "node:timers/promises";
import { Code, RpcError, type ServerCallContext } from "h2rpc";
import type { GreeterServer } from "../gen/helloworld/greeter.h2rpc.js";
import { decodeDirective } from "./directive.js";

/** How the soak server's handlers ended, counted by the server itself. */
export interface HandlerCounters {
  started: number;
  /** Running now; 0 at the end of a clean soak. */
  active: number;
  ok: number;
  /** Failed on purpose (ABORTED), as the directive asked. */
  failedOnPurpose: number;
  /** Ended by the call ending early: cancelled, deadline, or the runtime stopping a stream. */
  stopped: number;
  /** Threw anything else: a soak failure. */
  unexpected: number;
}

/** Fresh zeroed counters. */
export function createHandlerCounters(): HandlerCounters {
  return { started: 0, active: 0, ok: 0, failedOnPurpose: 0, stopped: 0, unexpected: 0 };
}

const deliberate = () => new RpcError(Code.ABORTED, "soak: failure on request");

/** The Greeter implementation of the soak server: each handler obeys the directive in its request name. */
export function soakGreeter(counters: HandlerCounters): GreeterServer {
  /** Runs one handler body and records how it ended. */
  async function* tracked<T>(context: ServerCallContext, body: AsyncGenerator<T>): AsyncGenerator<T> {
    counters.started++;
    counters.active++;
    let outcome: keyof HandlerCounters = "stopped";
    try {
      yield* body;
      outcome = "ok";
    } catch (error) {
      if (error instanceof RpcError && error.code === Code.ABORTED) outcome = "failedOnPurpose";
      else if (context.signal.aborted) outcome = "stopped";
      else outcome = "unexpected";
      throw error;
    } finally {
      counters.active--;
      counters[outcome]++;
    }
  }
  const wait = (ms: number, context: ServerCallContext) =>
    ms > 0 ? sleep(ms, undefined, { signal: context.signal }) : Promise.resolve();
  const single = async <T>(generator: AsyncGenerator<T>): Promise<T> => {
    let last: T | undefined;
    for await (const value of generator) last = value;
    return last as T;
  };
  return {
    sayHello(request, context) {
      return single(
        tracked(
          context,
          (async function* () {
            const d = decodeDirective(request.name);
            await wait(d.delayMs, context);
            if (d.fail) throw deliberate();
            yield { message: `Hello, ${request.name}` };
          })(),
        ),
      );
    },
    greetMany(requests, context) {
      return single(
        tracked(
          context,
          (async function* () {
            let count = 0;
            let first: string | undefined;
            for await (const r of requests) {
              first ??= r.name;
              count++;
            }
            const d = decodeDirective(first);
            await wait(d.delayMs, context);
            if (d.fail) throw deliberate();
            yield { message: `${count} greetings` };
          })(),
        ),
      );
    },
    sayHelloStream(request, context) {
      return tracked(
        context,
        (async function* () {
          const d = decodeDirective(request.name);
          await wait(d.delayMs, context);
          for (let i = 0; i < request.count; i++) {
            if (d.fail && i === Math.floor(request.count / 2)) throw deliberate();
            yield { message: `#${i}` };
          }
        })(),
      );
    },
    chat(requests, context) {
      return tracked(
        context,
        (async function* () {
          let i = 0;
          for await (const r of requests) {
            const d = decodeDirective(r.name);
            if (i === 0) await wait(d.delayMs, context);
            if (d.fail && i > 0) throw deliberate();
            yield { message: r.name };
            i++;
          }
        })(),
      );
    },
  };
}
