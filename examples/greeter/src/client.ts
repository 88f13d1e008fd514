import { fileURLToPath } from "node:url";
import { createChannel, RpcError } from "h2rpc";
import { createGreeterClient, type GreeterClient } from "./gen/helloworld/greeter.h2rpc.js";

/** Makes one call of each kind and returns the lines to print. */
export async function greetEveryWay(client: GreeterClient): Promise<string[]> {
  const lines: string[] = [];

  const reply = await client.sayHello({ name: "Ada" }, { timeoutMs: 2000 });
  lines.push(`unary:            ${reply.message}`);

  const many = await client.greetMany([{ name: "Grace" }, { name: "Linus" }]);
  lines.push(`client streaming: ${many.message}`);

  for await (const r of client.sayHelloStream({ name: "Barbara", count: 3 })) {
    lines.push(`server streaming: ${r.message}`);
  }

  async function* names() {
    yield { name: "Ken" };
    yield { name: "Dennis" };
  }
  for await (const r of client.chat(names())) lines.push(`bidi streaming:   ${r.message}`);

  try {
    await client.sayHello({ name: "" });
  } catch (error) {
    if (!(error instanceof RpcError)) throw error;
    lines.push(`error:            ${error.codeName} ${error.rawMessage}`);
  }
  return lines;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const channel = createChannel(process.env.TARGET ?? "127.0.0.1:50051");
  try {
    for (const line of await greetEveryWay(createGreeterClient(channel))) console.log(line);
  } finally {
    channel.close();
  }
}
