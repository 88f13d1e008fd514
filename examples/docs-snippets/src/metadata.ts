// Samples of docs/metadata.md. metadata.test.ts runs them against a loopback server.
import { Metadata } from "h2rpc";
import { greeter } from "./calls.js";
import type { GreeterClient, GreeterServer } from "./gen/helloworld/greeter.h2rpc.js";

/** Builds metadata every way the guide shows; returns what reading it gives. */
export function buildMetadata(): Record<string, unknown> {
  // #region build
  const md = new Metadata({ "x-request-id": "42", "x-tenant": ["a", "b"] }); // or new Metadata() / [[k, v], ...]
  md.append("x-tenant", "c"); // adds a value
  md.set("x-trace-bin", new Uint8Array([1, 2, 3])); // replaces every value; -bin keys take bytes
  md.get("X-Request-Id"); // "42": keys are case-insensitive (stored lower-case)
  md.getAll("x-tenant"); // ["a", "b", "c"]
  md.getString("x-tenant"); // "a": the first value
  md.getBinary("x-trace-bin"); // Uint8Array [1, 2, 3]
  JSON.stringify(md); // {"x-request-id":["42"],"x-tenant":["a","b","c"],"x-trace-bin":["AQID"]}
  // #endregion
  return {
    id: md.get("X-Request-Id"),
    tenants: md.getAll("x-tenant"),
    first: md.getString("x-tenant"),
    trace: md.getBinary("x-trace-bin"),
    json: JSON.stringify(md),
  };
}

/** Prints the error `new Metadata` throws for a reserved key. */
export function showReservedKeyError(): void {
  // #region invalid
  try {
    new Metadata({ "grpc-timeout": "1S" });
  } catch (e) {
    console.log((e as TypeError).message);
    // Metadata key "grpc-timeout" is reserved: keys starting with "grpc-" belong to the gRPC protocol;
    // use call options (timeoutMs, deadline) or an RpcError (status, message) instead
  }
  // #endregion
}

// #region server-side
/** A greeter that reads request metadata and answers with response headers and trailers. */
export const metadataGreeter: GreeterServer = {
  ...greeter,
  sayHello(request, context) {
    const requestId = context.metadata.getString("x-request-id") ?? "none"; // what the client sent
    const tenants = context.metadata.getAll("x-tenant");
    context.header.set("x-request-id", requestId); // response headers: set before the first message...
    context.sendHeader({ "x-served-by": "greeter-1" }); // ...or send them now (extra entries merged in)
    context.trailer.set("x-cost-bin", new Uint8Array([7])); // trailers: sent with the status, also on error
    return { message: `Hello, ${request.name} (${tenants.join(",")})!` };
  },
};
// #endregion

/** Calls with metadata and collects what comes back in headers and trailers. */
export async function callWithMetadata(
  client: GreeterClient,
): Promise<{ message: string; headers: Metadata; trailers: Metadata }> {
  let headers = new Metadata();
  let trailers = new Metadata();
  // #region client-side
  const reply = await client.sayHello(
    { name: "Ada" },
    {
      metadata: { "x-request-id": "42", "x-tenant": ["a", "b"], "x-trace-bin": new Uint8Array([1, 2]) },
      onHeader: (h) => {
        headers = h; // response headers, before the first message
      },
      onTrailer: (t) => {
        trailers = t; // trailers, whatever the status (on failure also in error.metadata)
      },
    },
  );
  // #endregion
  return { message: reply.message, headers, trailers };
}
