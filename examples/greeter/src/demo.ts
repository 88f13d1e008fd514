// The quick-start demo: starts the greeter on a free port, calls it every way, prints the replies, exits.
import { createChannel } from "h2rpc";
import { greetEveryWay } from "./client.js";
import { createGreeterClient } from "./gen/helloworld/greeter.h2rpc.js";
import { startGreeterServer } from "./server.js";

const { server, port } = await startGreeterServer("127.0.0.1:0");
console.log(`Greeter server listening on 127.0.0.1:${port}`);
const channel = createChannel(`127.0.0.1:${port}`);
try {
  for (const line of await greetEveryWay(createGreeterClient(channel))) console.log(line);
} finally {
  channel.close();
  await server.close();
}
console.log("Demo finished.");
