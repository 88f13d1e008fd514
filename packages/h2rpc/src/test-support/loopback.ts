import { createClient } from "../client/create-client.js";
import type { ClientOptions } from "../core/client-options.js";
import type { Client } from "../core/client-types.js";
import type { ServiceImplementation } from "../core/server-types.js";
import { createServer, type Server, type ServerOptions } from "../server/create-server.js";
import { type Channel, createChannel } from "../transport/channel.js";
import { TestService } from "./bytes-service.js";

/** A server with the test service on an ephemeral loopback port, and a client of it. */
export interface Loopback {
  server: Server;
  port: number;
  channel: Channel;
  client: Client<typeof TestService>;
  /** Closes client and server. */
  close(): Promise<void>;
}

/** Starts {@link TestService} with `implementation` on 127.0.0.1 and connects a client. */
export async function startLoopback(
  implementation: Partial<ServiceImplementation<typeof TestService>>,
  options: { server?: ServerOptions; client?: ClientOptions } = {},
): Promise<Loopback> {
  const unimplemented = () => {
    throw new Error("not used by this test");
  };
  const full = {
    unary: unimplemented,
    serverStream: unimplemented,
    clientStream: unimplemented,
    bidi: unimplemented,
    ...implementation,
  } as ServiceImplementation<typeof TestService>;
  const server = createServer({ onHandlerError: () => {}, ...options.server }).add(TestService, full);
  const port = await server.listen("127.0.0.1:0");
  const channel = createChannel(`127.0.0.1:${port}`);
  const client = createClient(TestService, channel, options.client);
  return {
    server,
    port,
    channel,
    client,
    async close() {
      channel.close();
      await server.close({ graceMs: 1000 });
    },
  };
}

/** UTF-8 bytes of `text`. */
export function bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** Resolves with the error a promise rejects with; fails if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  throw new Error("expected the promise to reject");
}

/** Collects an async iterable into an array. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}
