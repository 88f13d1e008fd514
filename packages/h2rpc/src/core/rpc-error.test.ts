import { describe, expect, test } from "vitest";
import { Code } from "./code.js";
import { Metadata } from "./metadata.js";
import { RpcError, rpcErrorFromWire } from "./rpc-error.js";

describe("RpcError", () => {
  test("message is `CODE_NAME: message`; rawMessage keeps the wire message", () => {
    const error = new RpcError(Code.NOT_FOUND, "no such user");
    expect(error.message).toBe("NOT_FOUND: no such user");
    expect(error.rawMessage).toBe("no such user");
    expect(error.code).toBe(Code.NOT_FOUND);
    expect(error.codeName).toBe("NOT_FOUND");
    expect(error.name).toBe("RpcError");
    expect(String(error)).toBe("RpcError: NOT_FOUND: no such user");
    expect(new RpcError(Code.OK, "").message).toBe("OK: ");
    expect(new RpcError(Code.UNAUTHENTICATED, "x").message).toBe("UNAUTHENTICATED: x");
  });

  test("is an Error with a stack", () => {
    const error = new RpcError(Code.INTERNAL, "boom");
    expect(error).toBeInstanceOf(Error);
    expect(error.stack).toContain("INTERNAL: boom");
  });

  test("defaults: empty metadata, no details, no cause", () => {
    const error = new RpcError(Code.ABORTED, "x");
    expect(error.metadata).toBeInstanceOf(Metadata);
    expect(error.metadata.size).toBe(0);
    expect(error.details).toEqual([]);
    expect("cause" in error).toBe(false);
    expect(new RpcError(Code.ABORTED, "y").metadata).not.toBe(error.metadata);
  });

  test("keeps metadata, details and cause", () => {
    const metadata = new Metadata({ "x-retry": "later" });
    const cause = new Error("inner");
    const details = [{ typeUrl: "type.googleapis.com/google.rpc.RetryInfo", value: new Uint8Array([10, 0]) }];
    const error = new RpcError(Code.UNAVAILABLE, "try again", { metadata, cause, details });
    expect(error.metadata).toBe(metadata);
    expect(error.cause).toBe(cause);
    expect(error.details).toEqual(details);
    expect(error.details[0]).toBe(details[0]);
  });

  test("a falsy cause other than undefined is kept", () => {
    expect(new RpcError(Code.UNKNOWN, "x", { cause: null }).cause).toBeNull();
    expect(new RpcError(Code.UNKNOWN, "x", { cause: 0 }).cause).toBe(0);
  });
});

describe("instanceof", () => {
  test("works for plain errors and not for lookalikes", () => {
    expect(new RpcError(Code.UNKNOWN, "x")).toBeInstanceOf(RpcError);
    expect(new Error("x") instanceof RpcError).toBe(false);
    expect({ code: 2, message: "x", name: "RpcError" } instanceof RpcError).toBe(false);
    for (const value of [null, undefined, 0, "RpcError", Symbol.for("h2rpc.RpcError")]) {
      expect((value as unknown as object) instanceof RpcError).toBe(false);
    }
  });

  test("works for any object carrying the brand (an RpcError from another copy of the package)", () => {
    const foreign = { [Symbol.for("h2rpc.RpcError")]: true, code: Code.NOT_FOUND, rawMessage: "x" };
    expect(foreign instanceof RpcError).toBe(true);
  });

  test("works across a real second instance of the module", async () => {
    const path = "./rpc-error.js?second-copy";
    const copy = (await import(/* @vite-ignore */ path)) as typeof import("./rpc-error.js");
    expect(copy.RpcError).not.toBe(RpcError);
    const fromCopy = new copy.RpcError(Code.DATA_LOSS, "lost");
    expect(fromCopy instanceof RpcError).toBe(true);
    expect(new RpcError(Code.DATA_LOSS, "lost") instanceof copy.RpcError).toBe(true);
    expect(RpcError.from(fromCopy)).toBe(fromCopy);
  });

  test("a subclass matches only its own instances", () => {
    class QuotaError extends RpcError {
      constructor() {
        super(Code.RESOURCE_EXHAUSTED, "quota");
      }
    }
    const quota = new QuotaError();
    expect(quota instanceof QuotaError).toBe(true);
    expect(quota instanceof RpcError).toBe(true);
    expect(quota instanceof Error).toBe(true);
    expect(new RpcError(Code.RESOURCE_EXHAUSTED, "plain") instanceof QuotaError).toBe(false);
    expect({ [Symbol.for("h2rpc.RpcError")]: true } instanceof QuotaError).toBe(false);
    expect(quota.codeName).toBe("RESOURCE_EXHAUSTED");
  });
});

describe("RpcError.from", () => {
  test("an RpcError passes through unchanged, whatever the fallback", () => {
    const error = new RpcError(Code.NOT_FOUND, "x");
    expect(RpcError.from(error)).toBe(error);
    expect(RpcError.from(error, Code.INTERNAL)).toBe(error);
  });

  test("an AbortError becomes CANCELLED, keeping it as the cause", () => {
    const reason = AbortSignal.abort().reason as Error;
    const error = RpcError.from(reason);
    expect(error.code).toBe(Code.CANCELLED);
    expect(error.cause).toBe(reason);
    expect(error.message).toBe("CANCELLED: The operation was cancelled");
    const nodeStyle = Object.assign(new Error("The operation was aborted"), { name: "AbortError", code: "ABORT_ERR" });
    expect(RpcError.from(nodeStyle, Code.INTERNAL).code).toBe(Code.CANCELLED);
  });

  test("a TimeoutError becomes DEADLINE_EXCEEDED", async () => {
    const signal = AbortSignal.timeout(1);
    await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
    const error = RpcError.from(signal.reason);
    expect(error.code).toBe(Code.DEADLINE_EXCEEDED);
    expect(error.cause).toBe(signal.reason);
    expect(RpcError.from(new DOMException("late", "TimeoutError")).code).toBe(Code.DEADLINE_EXCEEDED);
  });

  test("an ordinary Error becomes the fallback (UNKNOWN by default) with its message and itself as cause", () => {
    const cause = new TypeError("x is not a function");
    const error = RpcError.from(cause);
    expect(error.code).toBe(Code.UNKNOWN);
    expect(error.rawMessage).toBe("x is not a function");
    expect(error.message).toBe("UNKNOWN: x is not a function");
    expect(error.cause).toBe(cause);
    expect(RpcError.from(new Error("bad frame"), Code.INTERNAL).code).toBe(Code.INTERNAL);
  });

  test("a string becomes the fallback with the string as message", () => {
    const error = RpcError.from("boom");
    expect(error.code).toBe(Code.UNKNOWN);
    expect(error.rawMessage).toBe("boom");
    expect(error.cause).toBe("boom");
    expect(RpcError.from("boom", Code.INTERNAL).message).toBe("INTERNAL: boom");
  });

  test("other thrown values are stringified", () => {
    expect(RpcError.from(42).rawMessage).toBe("42");
    expect(RpcError.from(undefined).rawMessage).toBe("undefined");
    expect(RpcError.from(null).rawMessage).toBe("null");
    expect(RpcError.from({ toString: () => "custom" }).rawMessage).toBe("custom");
    expect(RpcError.from(Symbol("s")).rawMessage).toBe("Symbol(s)");
  });

  test("never throws, even for a value that cannot be turned into a string", () => {
    const bare = Object.create(null) as object;
    const hostile = {
      toString() {
        throw new Error("no");
      },
    };
    for (const value of [bare, hostile]) {
      const error = RpcError.from(value);
      expect(error.code).toBe(Code.UNKNOWN);
      expect(error.rawMessage).toBe("[object Object]");
      expect(error.cause).toBe(value);
    }
  });
});

describe("rpcErrorFromWire", () => {
  test("an in-range code keeps its code, message and metadata", () => {
    const metadata = new Metadata({ a: "1" });
    const error = rpcErrorFromWire(Code.PERMISSION_DENIED, "nope", metadata);
    expect(error.code).toBe(Code.PERMISSION_DENIED);
    expect(error.rawMessage).toBe("nope");
    expect(error.metadata).toBe(metadata);
  });

  test.each([17, 99, 1000])("code %i becomes UNKNOWN naming the code", (code) => {
    const metadata = new Metadata();
    const error = rpcErrorFromWire(code, "boom", metadata);
    expect(error.code).toBe(Code.UNKNOWN);
    expect(error.rawMessage).toBe(`Unknown status code ${code}: boom`);
    expect(error.metadata).toBe(metadata);
  });
});
