import { createHealthClient, HealthCheckResponse_ServingStatus } from "@h2rpc/health";
import { createChannel } from "h2rpc";

/** A Watch on a server's overall health, for seeing it turn NOT_SERVING when the server shuts down. */
export interface HealthWatch {
  /** Resolves once the server has said SERVING (the watch is then open); rejects if the stream ends first. */
  readonly serving: Promise<void>;
  /** Resolves with the first status after SERVING (e.g. `NOT_SERVING`), or how the stream ended. */
  readonly next: Promise<string>;
  /** Stops watching. */
  close(): void;
}

/** Watches `target`'s overall health (`grpc.health.v1.Health/Watch`, service `""`). */
export function watchHealth(target: string): HealthWatch {
  const channel = createChannel(target);
  const controller = new AbortController();
  let onServing!: () => void;
  let onEnded!: (error: Error) => void;
  const serving = new Promise<void>((resolve, reject) => {
    onServing = resolve;
    onEnded = reject;
  });
  const next = (async () => {
    const { SERVING } = HealthCheckResponse_ServingStatus;
    try {
      const statuses = createHealthClient(channel).watch({ service: "" }, { signal: controller.signal });
      for await (const { status } of statuses) {
        if (status === SERVING) onServing();
        else return HealthCheckResponse_ServingStatus[status] ?? String(status);
      }
      return "ended";
    } catch (error) {
      return `ended (${error instanceof Error ? error.message : String(error)})`;
    } finally {
      onEnded(new Error(`the health watch of ${target} ended before SERVING`));
      channel.close();
    }
  })();
  return { serving, next, close: () => controller.abort() };
}
