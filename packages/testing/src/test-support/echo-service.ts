import type { MessageType, ServiceImplementation } from "h2rpc";

/** A test message: one text, encoded as its UTF-8 bytes (no codegen needed). */
export interface Echo {
  text: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Codec of {@link Echo}, standing in for generated code. */
export const EchoType: MessageType<Echo> = {
  encode: (message: Echo) => ({ finish: () => encoder.encode(message.text) }),
  decode: (input: Uint8Array) => ({ text: decoder.decode(input) }),
  fromPartial: (object: never) => ({ text: (object as Partial<Echo>).text ?? "" }),
};

function method<RS extends boolean, SS extends boolean>(name: string, requestStream: RS, responseStream: SS) {
  return {
    name,
    path: `/h2rpc.testing.Echo/${name}`,
    requestType: EchoType,
    responseType: EchoType,
    requestStream,
    responseStream,
  } as const;
}

/** A service with one method of each kind. */
export const EchoService = {
  name: "Echo",
  fullName: "h2rpc.testing.Echo",
  methods: {
    unary: method("Unary", false, false),
    serverStream: method("ServerStream", false, true),
    clientStream: method("ClientStream", true, false),
    bidi: method("Bidi", true, true),
  },
} as const;

/**
 * Echoes for every call kind: unary returns the text, server streaming yields `text1`, `text2`,
 * `text3`, client streaming joins the texts with `,`, bidi echoes each message.
 */
export const echo: ServiceImplementation<typeof EchoService> = {
  unary: (request) => ({ text: request.text }),
  async *serverStream(request) {
    for (let i = 1; i <= 3; i++) yield { text: `${request.text}${i}` };
  },
  async clientStream(requests) {
    const texts: string[] = [];
    for await (const r of requests) texts.push(r.text);
    return { text: texts.join(",") };
  },
  async *bidi(requests) {
    for await (const r of requests) yield { text: r.text };
  },
};

/** Collects an async iterable into an array. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** Yields the texts as messages. */
export async function* messages(...texts: string[]): AsyncGenerator<Echo> {
  for (const text of texts) yield { text };
}

/** Resolves with what a promise rejects with; fails when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the promise to reject");
}
