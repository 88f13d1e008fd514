import diagnosticsChannel from "node:diagnostics_channel";
import type { Socket } from "node:net";

/**
 * Counts this process's client TCP sockets that are still open (through the `net.client.socket`
 * diagnostics channel): h2rpc's sockets are unref'd, so `getActiveResourcesInfo()` does not list them.
 */
export function trackClientSockets(): { open(): number; stop(): void } {
  const open = new Set<Socket>();
  const onSocket = (message: unknown) => {
    const socket = (message as { socket: Socket }).socket;
    open.add(socket);
    socket.once("close", () => open.delete(socket));
  };
  diagnosticsChannel.subscribe("net.client.socket", onSocket);
  return {
    open: () => open.size,
    stop: () => diagnosticsChannel.unsubscribe("net.client.socket", onSocket),
  };
}
