import * as grpc from "@grpc/grpc-js";
import { drained } from "../bare/drain.js";
import { BenchService } from "../gen/bench/bench.h2rpc.js";
import type { Order, Payload, UploadSummary } from "../gen/bench/bench.js";
import { grpcJsDefinition } from "../grpc-js/definition.js";
import type { Workload } from "../workload.js";
import type { ClientDriver, DriverOptions, PingPongPlan } from "./driver.js";
import { unexpected } from "./driver.js";

const definition = grpcJsDefinition(BenchService);

/**
 * The @grpc/grpc-js client: one `grpc.Client` per connection, each with its own subchannel pool
 * (`grpc.use_local_subchannel_pool`) so connections are not shared between clients, default
 * options otherwise, calls made the way generated grpc-js stubs make them.
 */
export function createGrpcJsDriver({ port, connections }: DriverOptions): ClientDriver {
  const clients = Array.from(
    { length: connections },
    () =>
      new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
        "grpc.use_local_subchannel_pool": 1,
      }),
  );
  return {
    call: (connection, workload) => call(clients[connection % clients.length]!, workload),
    pingPong: (workload, plan) => pingPong(clients[0]!, workload, plan),
    close: async () => {
      for (const client of clients) client.close();
    },
  };
}

function methodOf(workload: Workload): grpc.MethodDefinition<unknown, unknown> {
  return definition[workload.kind]!;
}

function unary<Res>(client: grpc.Client, workload: Workload): Promise<Res> {
  const m = methodOf(workload);
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest(m.path, m.requestSerialize, m.responseDeserialize, workload.message, (error, reply) =>
      error ? reject(error) : resolve(reply as Res),
    );
  });
}

async function call(client: grpc.Client, workload: Workload): Promise<number> {
  switch (workload.kind) {
    case "echo": {
      const reply = await unary<Payload>(client, workload);
      if (reply.body.length !== workload.message.body.length) throw unexpected("echo body length");
      return 1;
    }
    case "echoComplex": {
      const reply = await unary<Order>(client, workload);
      if (reply.items.length !== workload.message.items.length) throw unexpected("order items");
      return 1;
    }
    case "hold":
      await unary<Payload>(client, workload);
      return 1;
    case "download": {
      const m = methodOf(workload);
      const stream = client.makeServerStreamRequest(
        m.path,
        m.requestSerialize,
        m.responseDeserialize,
        workload.message,
      );
      let messages = 0;
      await new Promise<void>((resolve, reject) => {
        stream.on("data", () => messages++);
        stream.on("error", reject);
        stream.on("status", (status: grpc.StatusObject) => (status.code === 0 ? resolve() : reject(status)));
      });
      if (messages !== workload.messagesPerCall) throw unexpected(`${messages} messages`);
      return messages;
    }
    case "upload": {
      const m = methodOf(workload);
      let stream: grpc.ClientWritableStream<unknown> | undefined;
      const summary = new Promise<UploadSummary>((resolve, reject) => {
        stream = client.makeClientStreamRequest(m.path, m.requestSerialize, m.responseDeserialize, (error, reply) =>
          error ? reject(error) : resolve(reply as UploadSummary),
        );
      });
      for (let i = 0; i < workload.messagesPerCall && !stream!.destroyed; i++) {
        if (!stream!.write(workload.message)) await drained(stream!);
      }
      stream!.end();
      const { count } = await summary;
      if (count !== workload.messagesPerCall) throw unexpected(`upload count ${count}`);
      return count;
    }
    case "pingPong":
      throw new TypeError("ping-pong runs through pingPong()");
  }
}

function pingPong(client: grpc.Client, workload: Workload, plan: PingPongPlan): Promise<number> {
  const m = methodOf(workload);
  const stream = client.makeBidiStreamRequest(m.path, m.requestSerialize, m.responseDeserialize);
  let sentAt = performance.now();
  let done = 0;
  return new Promise((resolve, reject) => {
    stream.on("data", () => {
      plan.onRoundTrip(performance.now() - sentAt);
      done++;
      if (done < plan.maxRoundTrips && performance.now() < plan.deadline) {
        sentAt = performance.now();
        stream.write(workload.message);
      } else {
        stream.end();
      }
    });
    stream.on("error", reject);
    stream.on("status", (status: grpc.StatusObject) => (status.code === 0 ? resolve(done) : reject(status)));
    stream.write(workload.message);
  });
}
