import { setTimeout as sleep } from "node:timers/promises";
import { Code, RpcError } from "h2rpc";
import type { GreeterServer } from "./gen/helloworld/greeter.h2rpc.js";

/**
 * The test greeter: `x-greeting` metadata replaces "Hello"; the name `fail` fails with
 * INVALID_ARGUMENT; the name `slow` answers after 5 s (for deadline tests).
 */
export const greeter: GreeterServer = {
  async sayHello(request, context) {
    if (request.name === "fail") throw new RpcError(Code.INVALID_ARGUMENT, "name must not be fail");
    if (request.name === "slow") await sleep(5000, undefined, { signal: context.signal });
    return { message: `${context.metadata.getString("x-greeting") ?? "Hello"}, ${request.name}!` };
  },
  async greetMany(requests) {
    const names: string[] = [];
    for await (const request of requests) names.push(request.name);
    return { message: `Hello, ${names.join(" and ")}!` };
  },
  async *sayHelloStream(request) {
    for (let i = 1; i <= request.count; i++) yield { message: `Hello #${i}, ${request.name}!` };
  },
  async *chat(requests) {
    for await (const request of requests) yield { message: `Hi ${request.name}` };
  },
};
