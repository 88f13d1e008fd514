// Samples of docs/testing.md (@h2rpc/testing): trackLeaks() around a test, and what a LeakError says.
import { readFileSync } from "node:fs";
import { createInProcessChannel, LeakError, startTestServer, trackLeaks } from "@h2rpc/testing";
import { createServer } from "h2rpc";
import { expect, test } from "vitest";
import { greeter } from "./calls.js";
import { createGreeterClient, type GreeterServer, GreeterService } from "./gen/helloworld/greeter.h2rpc.js";

// #region track-leaks
test("a server and an in-process channel leave nothing open", async () => {
  const leaks = trackLeaks(); // follows the sockets, sessions and timers created from now on
  const server = createServer().add(GreeterService, greeter);
  const channel = createInProcessChannel(server);
  await createGreeterClient(channel).sayHello({ name: "Ada" });
  channel.close();
  await server.close();
  await leaks.check({ servers: [server], channels: [channel] }); // rejects with a LeakError
});
// #endregion

test("close() reports a ref'ed timer a handler left behind, as the guide shows", async () => {
  // #region leaky-handler
  let timer: NodeJS.Timeout | undefined;
  const cachingGreeter: GreeterServer = {
    ...greeter,
    sayHello(request) {
      // a leak: nothing clears this timer, and it keeps the process alive for a minute
      timer = setTimeout(function expireCache() {}, 60_000);
      return { message: `Hello, ${request.name}!` };
    },
  };
  // #endregion
  const testServer = await startTestServer((server) => void server.add(GreeterService, cachingGreeter));
  try {
    await testServer.client(GreeterService).sayHello({ name: "Ada" });
    const error = await testServer.close().then(
      () => expect.fail("close() passed"),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LeakError);
    expect((error as LeakError).leaks).toEqual([
      expect.objectContaining({ type: "Timeout", description: "a ref'ed timer: setTimeout(expireCache, 60000 ms)" }),
    ]);
    // docs/testing.md shows this report verbatim
    const guide = readFileSync(new URL("../../../docs/testing.md", import.meta.url), "utf8");
    expect(guide).toContain(`${(error as LeakError).name}: ${(error as LeakError).message}\n`);
  } finally {
    clearTimeout(timer);
  }
});
