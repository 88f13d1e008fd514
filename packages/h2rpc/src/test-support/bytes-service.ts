import type { MessageType } from "../core/definitions.js";

/** A test message: raw bytes plus a text label, encoded as `label\0bytes`. */
export interface TestMessage {
  label: string;
  payload: Uint8Array;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Codec of {@link TestMessage}, standing in for generated code in runtime tests. */
export const TestMessageType: MessageType<TestMessage> = {
  encode(message: TestMessage) {
    return {
      finish() {
        const label = encoder.encode(message.label);
        const out = new Uint8Array(label.length + 1 + message.payload.length);
        out.set(label, 0);
        out.set(message.payload, label.length + 1);
        return out;
      },
    };
  },
  decode(input: Uint8Array): TestMessage {
    const zero = input.indexOf(0);
    if (zero < 0) throw new Error("invalid TestMessage: no separator");
    return { label: decoder.decode(input.subarray(0, zero)), payload: input.subarray(zero + 1) };
  },
  fromPartial(object: never): TestMessage {
    const o = object as Partial<TestMessage>;
    return { label: o.label ?? "", payload: o.payload ?? new Uint8Array(0) };
  },
};

function method<RS extends boolean, SS extends boolean>(name: string, requestStream: RS, responseStream: SS) {
  return {
    name,
    path: `/h2rpc.test.TestService/${name}`,
    requestType: TestMessageType,
    responseType: TestMessageType,
    requestStream,
    responseStream,
  } as const;
}

/** A service with one method of each kind, for runtime tests. */
export const TestService = {
  name: "TestService",
  fullName: "h2rpc.test.TestService",
  methods: {
    unary: method("Unary", false, false),
    serverStream: method("ServerStream", false, true),
    clientStream: method("ClientStream", true, false),
    bidi: method("Bidi", true, true),
  },
} as const;

/**
 * A {@link TestService} implementation that echoes labels for every call kind: unary returns the
 * label, server streaming yields `label1` and `label2`, client streaming joins the labels, bidi
 * echoes each message.
 */
export const echoLabels = {
  unary: (r: TestMessage) => ({ label: r.label }),
  async *serverStream(r: TestMessage) {
    yield { label: `${r.label}1` };
    yield { label: `${r.label}2` };
  },
  async clientStream(rs: AsyncIterable<TestMessage>) {
    let s = "";
    for await (const r of rs) s += r.label;
    return { label: s };
  },
  async *bidi(rs: AsyncIterable<TestMessage>) {
    for await (const r of rs) yield { label: r.label };
  },
};
