/** What {@link setConnectionWindow} needs of an HTTP/2 session. */
interface WindowedSession {
  readonly destroyed: boolean;
  setLocalWindowSize(windowSize: number): void;
}

/** Raises a session's connection-level receive window (HTTP/2 starts every connection at 64 KiB). */
export function setConnectionWindow(session: WindowedSession, bytes: number): void {
  if (bytes <= 65_535 || session.destroyed) return;
  try {
    session.setLocalWindowSize(bytes);
  } catch {
    // the session is closing: nothing to tune
  }
}
