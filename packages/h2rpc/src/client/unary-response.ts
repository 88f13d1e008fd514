import { Code } from "../core/code.js";
import { RpcError } from "../core/rpc-error.js";

/** Message of a unary response stream that ended without a message. */
export const noResponse = "Server sent no response message for a unary call";
/** Message of a unary response stream with a second message. */
export const tooManyResponses = "Server sent more than one response message for a unary call";

/** Reads exactly one message from a response stream, failing on zero or several (and cancelling on a second). */
export async function readOne<Res>(messages: AsyncIterator<Res>): Promise<Res> {
  const first = await messages.next();
  if (first.done) throw new RpcError(Code.INTERNAL, noResponse);
  const second = await messages.next();
  if (!second.done) {
    await messages.return?.();
    throw new RpcError(Code.INTERNAL, tooManyResponses);
  }
  return first.value;
}
