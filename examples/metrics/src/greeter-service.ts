import { Code, RpcError } from "h2rpc";
import type { GreeterServer } from "./gen/helloworld/greeter.h2rpc.js";

/** The greeter: one handler per call kind; an empty name is INVALID_ARGUMENT. */
export const greeter: GreeterServer = {
  sayHello(request) {
    if (request.name === "") throw new RpcError(Code.INVALID_ARGUMENT, "name must not be empty");
    return { message: `Hello, ${request.name}!` };
  },

  async greetMany(requests) {
    const names: string[] = [];
    for await (const request of requests) names.push(request.name);
    return { message: `Hello, ${names.join(" and ")}!` };
  },

  async *sayHelloStream(request, context) {
    for (let i = 1; i <= request.count && !context.signal.aborted; i++) {
      yield { message: `Hello #${i}, ${request.name}!` };
    }
  },

  async *chat(requests) {
    for await (const request of requests) yield { message: `Nice to meet you, ${request.name}.` };
  },
};
