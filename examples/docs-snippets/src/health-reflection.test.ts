import { createChannel } from "h2rpc";
import { expect, test, vi } from "vitest";
import { checkHealth, dynamicCall, listServices, startObservableServer } from "./health-reflection.js";

test("health, reflection and a dynamic call against one server", async () => {
  const { server, health, port } = await startObservableServer();
  const target = `127.0.0.1:${port}`;
  const channel = createChannel(target);
  try {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const healthLog = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      await checkHealth(channel, controller.signal);
      expect(healthLog.mock.calls).toEqual([["SERVING"], ["SERVING"]]);
    } finally {
      healthLog.mockRestore();
    }

    expect(await listServices(target)).toEqual([
      "grpc.health.v1.Health",
      "grpc.reflection.v1.ServerReflection",
      "grpc.reflection.v1alpha.ServerReflection",
      "helloworld.Greeter",
    ]);

    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      expect(await dynamicCall(channel)).toEqual({ message: "Hello, Ada!" });
    } finally {
      log.mockRestore();
    }
  } finally {
    channel.close();
    await server.shutdown();
  }
  expect(health.getStatus("")).toBe("NOT_SERVING");
});
