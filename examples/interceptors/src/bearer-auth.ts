import { type ClientInterceptor, Code, RpcError, type ServerInterceptor } from "h2rpc";

/** Client side: adds `authorization: Bearer <token>` to every call; `getToken` may refresh it. */
export function bearerCredentials(getToken: () => string | Promise<string>): ClientInterceptor {
  return async (request, next) => {
    request.metadata.set("authorization", `Bearer ${await getToken()}`);
    return next(request);
  };
}

/**
 * Server side: refuses calls without a valid bearer token with UNAUTHENTICATED, before the handler
 * runs. `verify` returns the caller's identity, or undefined for a bad token.
 */
export function requireBearer(
  verify: (token: string) => string | undefined | Promise<string | undefined>,
): ServerInterceptor {
  return async function* (request, next) {
    const header = request.context.metadata.getString("authorization") ?? "";
    const match = /^Bearer (.+)$/.exec(header);
    if (match === null)
      throw new RpcError(Code.UNAUTHENTICATED, "Missing bearer token (authorization: Bearer <token>)");
    const who = await verify(match[1] as string);
    if (who === undefined) throw new RpcError(Code.UNAUTHENTICATED, "Invalid bearer token");
    request.context.trailer.set("x-authenticated-as", who);
    yield* next(request);
  };
}
