import { createChannel } from "h2rpc";
import { type BenchServiceClient, createBenchServiceClient } from "../gen/bench/bench.h2rpc.js";
import type { Payload } from "../gen/bench/bench.js";
import type { Workload } from "../workload.js";
import type { ClientDriver, DriverOptions, PingPongPlan } from "./driver.js";
import { unexpected } from "./driver.js";

/** The h2rpc client: one channel (default options) per connection, generated typed clients. */
export function createH2rpcDriver({ port, connections }: DriverOptions): ClientDriver {
  const channels = Array.from({ length: connections }, () => createChannel(`127.0.0.1:${port}`));
  const clients = channels.map((channel) => createBenchServiceClient(channel));
  return {
    call: (connection, workload) => call(clients[connection % clients.length]!, workload),
    pingPong: (workload, plan) =>
      workload.kind === "pingPong"
        ? pingPong(clients[0]!, workload.message, plan)
        : Promise.reject(new TypeError("not a ping-pong workload")),
    close: async () => {
      for (const channel of channels) channel.close();
    },
  };
}

async function call(client: BenchServiceClient, workload: Workload): Promise<number> {
  switch (workload.kind) {
    case "echo": {
      const reply = await client.echo(workload.message);
      if (reply.body.length !== workload.message.body.length) throw unexpected("echo body length");
      return 1;
    }
    case "echoComplex": {
      const reply = await client.echoComplex(workload.message);
      if (reply.items.length !== workload.message.items.length) throw unexpected("order items");
      return 1;
    }
    case "download": {
      let messages = 0;
      for await (const _ of client.download(workload.message)) messages++;
      if (messages !== workload.messagesPerCall) throw unexpected(`${messages} messages`);
      return messages;
    }
    case "upload": {
      const summary = await client.upload(workload.messages); // an array: the same message N times
      if (summary.count !== workload.messagesPerCall) throw unexpected(`upload count ${summary.count}`);
      return summary.count;
    }
    case "hold":
      await client.hold(workload.message);
      return 1;
    case "pingPong":
      throw new TypeError("ping-pong runs through pingPong()");
  }
}

/** Sends one message, waits for its echo, repeats: the request stream is gated by the replies. */
async function pingPong(client: BenchServiceClient, message: Payload, plan: PingPongPlan): Promise<number> {
  let release: (() => void) | undefined;
  let sentAt = 0;
  let done = 0;
  async function* requests(): AsyncGenerator<Payload> {
    while (done < plan.maxRoundTrips && performance.now() < plan.deadline) {
      const replied = new Promise<void>((resolve) => {
        release = resolve;
      });
      sentAt = performance.now();
      yield message;
      await replied;
    }
  }
  for await (const _ of client.pingPong(requests())) {
    plan.onRoundTrip(performance.now() - sentAt);
    done++;
    release?.();
  }
  return done;
}
