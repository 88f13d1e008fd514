// Starts a greeter that requires a bearer token, calls it with and without one, and logs every call.
import { createChannel, createServer, type RpcError } from "h2rpc";
import { bearerCredentials, requireBearer } from "./bearer-auth.js";
import { createGreeterClient, GreeterService } from "./gen/helloworld/greeter.h2rpc.js";
import { clientLogging, serverLogging } from "./logging.js";

const tokens = new Map([["s3cret", "ada"]]);
const server = createServer({
  interceptors: [serverLogging(console.log), requireBearer((t) => tokens.get(t))],
}).add(GreeterService, {
  sayHello: (r) => ({ message: `Hello, ${r.name}!` }),
  greetMany: async () => ({ message: "" }),
  sayHelloStream: () => [],
  chat: () => [],
});
const port = await server.listen("127.0.0.1:0");
const channel = createChannel(`127.0.0.1:${port}`);
const authed = createGreeterClient(channel, {
  interceptors: [clientLogging(console.log), bearerCredentials(() => "s3cret")],
});
const anonymous = createGreeterClient(channel, { interceptors: [clientLogging(console.log)] });
console.log((await authed.sayHello({ name: "Ada" })).message);
try {
  await anonymous.sayHello({ name: "Eve" });
} catch (e) {
  console.log(`refused: ${(e as RpcError).message}`);
}
channel.close();
await server.close();
