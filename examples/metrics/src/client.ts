import type { ClientInterceptor } from "h2rpc";
import { createChannel } from "h2rpc";
import { createGreeterClient } from "./gen/helloworld/greeter.h2rpc.js";

/** Calls the greeter at `target` once per call kind, plus one call that fails; returns the replies. */
export async function greetEveryWay(
  target: string,
  interceptors: readonly ClientInterceptor[] = [],
): Promise<string[]> {
  const channel = createChannel(target, { interceptors });
  const client = createGreeterClient(channel);
  const lines: string[] = [];
  try {
    lines.push((await client.sayHello({ name: "Ada" })).message);
    lines.push((await client.greetMany([{ name: "Grace" }, { name: "Linus" }])).message);
    for await (const reply of client.sayHelloStream({ name: "Barbara", count: 3 })) lines.push(reply.message);
    for await (const reply of client.chat([{ name: "Ken" }, { name: "Dennis" }])) lines.push(reply.message);
    await client.sayHello({ name: "" }).catch((error: Error) => lines.push(`error: ${error.message}`));
  } finally {
    channel.close();
  }
  return lines;
}
