import { setTimeout as sleep } from "node:timers/promises";
import { createHealthClient, HealthCheckResponse_ServingStatus } from "@h2rpc/health";
import { createChannel } from "h2rpc";

/**
 * Asks `target`'s health service (`grpc.health.v1.Health/Check`, service `""`) until it answers SERVING;
 * throws after `timeoutMs`.
 */
export async function waitUntilServing(target: string, timeoutMs = 10_000): Promise<void> {
  const channel = createChannel(target);
  const health = createHealthClient(channel);
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  try {
    while (Date.now() < deadline) {
      try {
        const { status } = await health.check({ service: "" }, { deadline, waitForReady: true });
        if (status === HealthCheckResponse_ServingStatus.SERVING) return;
        last = HealthCheckResponse_ServingStatus[status] ?? String(status);
      } catch (error) {
        last = error instanceof Error ? error.message : String(error);
      }
      await sleep(50);
    }
    throw new Error(`${target} not SERVING after ${timeoutMs} ms (last: ${last})`);
  } finally {
    channel.close();
  }
}
