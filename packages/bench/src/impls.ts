/** The three implementations of the benchmark's exchange. */
export type ImplName = "h2rpc" | "bare" | "grpc-js";

/** Every implementation, in the order a round runs them. */
export const IMPLS: readonly ImplName[] = ["h2rpc", "bare", "grpc-js"];

/** The report's name of each implementation. */
export const IMPL_LABELS: Readonly<Record<ImplName, string>> = {
  h2rpc: "h2rpc",
  bare: "bare node:http2",
  "grpc-js": "@grpc/grpc-js",
};

/** Narrows a command-line string to an implementation name. @throws TypeError for anything else. */
export function parseImplName(value: string | undefined): ImplName {
  if (value === "h2rpc" || value === "bare" || value === "grpc-js") return value;
  throw new TypeError(`unknown implementation ${String(value)}: expected h2rpc, bare or grpc-js`);
}
