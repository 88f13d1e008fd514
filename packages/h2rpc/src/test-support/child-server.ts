import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const script = fileURLToPath(new URL("./child-server.mjs", import.meta.url));
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const Text = {
  encode: (m: { label: string }) => ({ finish: () => encoder.encode(m.label) }),
  decode: (b: Uint8Array) => ({ label: decoder.decode(b) }),
  fromPartial: (o: never) => ({ label: (o as { label?: string }).label ?? "" }),
};

/** The service served by child-server.mjs. */
export const ChildService = {
  name: "Child",
  fullName: "h2rpc.test.Child",
  methods: {
    echo: {
      name: "Echo",
      path: "/h2rpc.test.Child/Echo",
      requestType: Text,
      responseType: Text,
      requestStream: false,
      responseStream: false,
    },
    ticks: {
      name: "Ticks",
      path: "/h2rpc.test.Child/Ticks",
      requestType: Text,
      responseType: Text,
      requestStream: false,
      responseStream: true,
    },
  },
} as const;

/** A server process started by a test; `process` is ours to signal, by PID. */
export interface ChildServer {
  port: number;
  process: ChildProcess;
  /** Ends the process if it still runs (SIGCONT first, in case it was stopped). */
  kill(): Promise<void>;
}

/** Starts child-server.mjs on `port` (0: any) and waits for its LISTENING line (10 s at most). */
export async function startChildServer(port = 0): Promise<ChildServer> {
  const child = spawn(process.execPath, [script, String(port)], { stdio: ["ignore", "pipe", "inherit"] });
  const listening = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("child server did not start in 10 s")), 10_000);
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /LISTENING (\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`child server exited with ${code} before listening`));
    });
  });
  return {
    port: listening,
    process: child,
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGCONT");
      child.kill("SIGKILL");
      await exited;
    },
  };
}
