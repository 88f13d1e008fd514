import { watchHealth } from "../demo/watch-health.js";
import type { ChildService, Supervisor } from "./supervisor.js";

/**
 * Stops `service` gracefully while watching its health, and says what happened: the status it turned to
 * when shutdown began (NOT_SERVING) and how the process ended. Returns whether it exited with code 0.
 */
export async function stopWithHealthWatch(
  supervisor: Supervisor,
  service: ChildService,
  say: (line: string) => void,
): Promise<boolean> {
  const watch = watchHealth(service.target);
  try {
    await watch.serving; // the Watch is open before the shutdown starts
    const exit = await supervisor.stop(service.pid);
    say(
      `${service.name} (pid ${service.pid}): health ${await watch.next}, exited ${exit.signal ?? `with code ${exit.code}`}`,
    );
    return exit.code === 0;
  } finally {
    watch.close();
  }
}
