import { type Code, codeName, Metadata, RpcError } from "h2rpc";
import { echoInitialValue, echoTrailingValue } from "../cases.js";
import { CaseFailure, check, hex, sameBytes } from "../check.js";
import { echoInitialKey, echoTrailingKey } from "../payload.js";

/** Runs a call that should fail and returns its RpcError; fails the case if it succeeds. */
export async function failureOf(call: () => Promise<unknown>, what: string): Promise<RpcError> {
  try {
    await call();
  } catch (error) {
    if (error instanceof RpcError) return error;
    throw error;
  }
  throw new CaseFailure(`${what}: the call succeeded, expected it to fail`);
}

/** Fails unless `error` carries status `code`. */
export function checkCode(error: RpcError, code: Code, what: string): void {
  check(
    error.code === code,
    `${what}: status ${codeName(error.code)} (${JSON.stringify(error.rawMessage)}), expected ${codeName(code)}`,
  );
}

/** Reads a response stream to its end. */
export async function readAll<T>(responses: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const response of responses) all.push(response);
  return all;
}

/** The request metadata of custom_metadata. */
export function echoMetadataInit(): Metadata {
  return new Metadata().set(echoInitialKey, echoInitialValue).set(echoTrailingKey, echoTrailingValue);
}

/** Fails unless the echo keys came back: the ASCII one in `initial`, the binary one in `trailing`. */
export function checkEchoedMetadata(initial: Metadata | undefined, trailing: Metadata | undefined, what: string): void {
  check(initial !== undefined, `${what}: no initial metadata received`);
  const initialValue = initial.get(echoInitialKey);
  check(
    initialValue === echoInitialValue,
    `${what}: initial metadata ${echoInitialKey} is ${JSON.stringify(initialValue)}, expected ${JSON.stringify(echoInitialValue)}`,
  );
  check(trailing !== undefined, `${what}: no trailing metadata received`);
  const trailingValue = trailing.getBinary(echoTrailingKey);
  check(
    sameBytes(trailingValue, echoTrailingValue),
    `${what}: trailing metadata ${echoTrailingKey} is ${hex(trailingValue)}, expected ${hex(echoTrailingValue)}`,
  );
}
