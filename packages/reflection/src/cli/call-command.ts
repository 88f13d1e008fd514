import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { type CallOptions, createClient, type Metadata } from "h2rpc";
import type { DynamicMethodDefinition } from "../dynamic/definitions.js";
import type { DynamicMessage } from "../dynamic/message-type.js";
import { CommandError, UsageError } from "./cli-errors.js";
import type { RpcCliIo } from "./cli-io.js";
import { openContext } from "./command-context.js";
import { CALL_FLAGS, type CallFlags, parseFlags } from "./command-flags.js";
import { HELP } from "./help.js";
import { jsonValues } from "./json-values.js";

type AnyCall = (requests: unknown, options: CallOptions) => Promise<DynamicMessage> | AsyncIterable<DynamicMessage>;

/** `h2rpc call HOST:PORT pkg.Service/Method [JSON]`: one JSON line per response. */
export async function callCommand(args: readonly string[], io: RpcCliIo): Promise<number> {
  const { values: flags, positionals } = parseFlags<typeof CALL_FLAGS, CallFlags>(args, CALL_FLAGS);
  if (flags.help) {
    io.out(HELP.call);
    return 0;
  }
  const [target, qualifiedMethod, json, extra] = positionals;
  if (target === undefined || qualifiedMethod === undefined) throw new UsageError("expected HOST:PORT and a method");
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
  if (json !== undefined && flags.data !== undefined)
    throw new UsageError("give the request as an argument or -d, not both");
  const [serviceName, methodName] = splitMethod(qualifiedMethod);
  const context = await openContext(flags, target, io);
  let inputError: unknown;
  const abort = new AbortController();
  try {
    const definitions = await context.source.definitionsFor(serviceName);
    const service = definitions.service(serviceName);
    if (service === undefined) throw new CommandError(`"${serviceName}" is not a service`);
    const entry = Object.entries(service.methods).find(([, m]) => m.name === methodName);
    if (entry === undefined) throw new CommandError(`service ${serviceName} has no method ${methodName}`);
    const [key, method] = entry;
    // Requests convert as they are sent; a bad one cancels the call and is what gets reported.
    const requests = async function* () {
      try {
        for await (const value of requestValues(json ?? flags.data, io)) yield toRequest(method, value);
      } catch (error) {
        inputError = error;
        abort.abort();
      }
    };
    const options: CallOptions = {
      ...context.settings.callOptions,
      signal: abort.signal,
      ...(flags.verbose ? verboseHooks(io) : {}),
    };
    const call = (createClient(service, context.channel!) as unknown as Record<string, AnyCall>)[key]!;
    const input = method.requestStream ? requests() : await singleRequest(method, requests());
    if (inputError !== undefined) throw inputError;
    const print = (message: DynamicMessage) => io.out(`${JSON.stringify(method.responseType.toJson(message))}\n`);
    const result = call(input, options);
    if (Symbol.asyncIterator in result) for await (const message of result) print(message);
    else print(await result);
    return 0;
  } catch (error) {
    throw inputError ?? error;
  } finally {
    context.close();
  }
}

/** `pkg.Service/Method` or `pkg.Service.Method` → service and method names. */
function splitMethod(text: string): [string, string] {
  const cut = text.includes("/") ? text.lastIndexOf("/") : text.lastIndexOf(".");
  const service = text.slice(0, cut).replace(/^\//, "");
  const method = text.slice(cut + 1);
  if (cut <= 0 || service === "" || method === "") {
    throw new UsageError(`"${text}" is not a method; write it pkg.Service/Method`);
  }
  return [service, method];
}

/** The JSON values of the request text, `-d @` (stdin) or `-d @file`; none without data. */
async function* requestValues(data: string | undefined, io: RpcCliIo): AsyncGenerator<unknown> {
  if (data === undefined) return;
  if (data === "@") {
    yield* jsonValues(io.stdin ?? []);
    return;
  }
  if (data.startsWith("@")) {
    let text: string;
    try {
      text = await readFile(resolve(io.cwd, data.slice(1)), "utf8");
    } catch (error) {
      throw new CommandError(`-d ${data}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? error})`);
    }
    yield* jsonValues([text]);
    return;
  }
  yield* jsonValues([data]);
}

function toRequest(method: DynamicMethodDefinition, value: unknown): DynamicMessage {
  try {
    return method.requestType.fromJson(value);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new CommandError(`invalid ${method.requestType.fullName} request: ${message}`);
  }
}

/** The one request of a unary or server-streaming call: `{}` when none is given. */
async function singleRequest(method: DynamicMethodDefinition, requests: AsyncIterable<DynamicMessage>) {
  const all: DynamicMessage[] = [];
  for await (const request of requests) all.push(request);
  if (all.length > 1) throw new CommandError(`${method.name} takes one request, got ${all.length}`);
  return all[0] ?? method.requestType.fromPartial({});
}

function verboseHooks(io: RpcCliIo): Pick<CallOptions, "onHeader" | "onTrailer"> {
  const print = (title: string, metadata: Metadata) => {
    const lines = [...metadata].map(([key, value]) =>
      typeof value === "string" ? `${key}: ${value}` : `${key}: ${Buffer.from(value).toString("base64")}`,
    );
    io.err(`${title}:\n${lines.map((line) => `  ${line}\n`).join("")}`);
  };
  return { onHeader: (headers) => print("Response headers", headers), onTrailer: (t) => print("Response trailers", t) };
}
