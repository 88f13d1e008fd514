/** What a service process sends its launcher over the IPC channel once it listens. */
export interface ListeningMessage {
  /** Tells this message apart from others. */
  readonly type: "listening";
  /** Its gRPC port. */
  readonly port: number;
  /** Its `/metrics` port. */
  readonly metricsPort: number;
}

/** Whether an IPC message is a {@link ListeningMessage}. */
export function isListeningMessage(message: unknown): message is ListeningMessage {
  const m = message as Partial<ListeningMessage> | null;
  return m?.type === "listening" && typeof m.port === "number" && typeof m.metricsPort === "number";
}
