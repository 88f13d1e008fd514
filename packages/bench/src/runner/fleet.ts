import { IMPLS, type ImplName } from "../impls.js";
import { type ClientChild, endChildren, type ServerChild, startClientChild, startServerChild } from "./children.js";
import type { Pinning } from "./pinning.js";
import type { Fleet } from "./run-matrix.js";

/** Starts a server child and a load-generator child per implementation, pinned as `pinning` says. */
export async function startFleet(pinning: Pinning): Promise<Fleet> {
  const servers = await Promise.all(IMPLS.map((impl) => startServerChild(impl, pinning.serverCpu)));
  const clients = await Promise.all(IMPLS.map((impl) => startClientChild(impl, pinning.clientCpu)));
  return {
    servers: Object.fromEntries(servers.map((s) => [s.impl, s])) as Record<ImplName, ServerChild>,
    clients: Object.fromEntries(clients.map((c) => [c.impl, c])) as Record<ImplName, ClientChild>,
  };
}

/** Asks every child to exit, then ends any still running by PID. */
export async function stopFleet(fleet: Fleet): Promise<void> {
  for (const impl of IMPLS) {
    fleet.clients[impl].send({ type: "exit" });
    fleet.servers[impl].send({ type: "exit" });
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
  await endChildren();
}
