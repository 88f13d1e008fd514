import type { DescMessage, DescMethod, DescService } from "@bufbuild/protobuf";
import { getComments } from "@bufbuild/protoplugin";
import { commentLines, docLines, renderJsDoc } from "./jsdoc.js";
import type { ServiceNames } from "./service-names.js";
import { methodKey } from "./ts-proto-names.js";

/** What {@link renderService} needs from the module it writes into. */
export interface ServiceRenderContext {
  /** The local identifier of a runtime export (`createClient` as a value, the rest as types). */
  runtime(name: RuntimeName): string;
  /** The local identifier of ts-proto's message (its interface and its `MessageFns`). */
  message(message: DescMessage): string;
}

/** The runtime exports generated code may refer to. */
export type RuntimeName =
  | "CallOptions"
  | "Channel"
  | "ClientOptions"
  | "DeepPartial"
  | "RequestStream"
  | "ServerCallContext"
  | "StreamResult"
  | "UnaryResult"
  | "createClient";

interface MethodInfo {
  readonly desc: DescMethod;
  readonly key: string;
  readonly doc: string[];
}

/** Which parts {@link renderService} writes besides the definition, client interface and factory. */
export interface ServiceRenderParts {
  /** The server (handler) interface. */
  readonly server: boolean;
}

/**
 * Renders one service: its `as const` definition, its client interface, its server interface
 * (unless `parts.server` is false) and its client factory. Throws when two methods map to the
 * same key.
 */
export function renderService(
  service: DescService,
  names: ServiceNames,
  ctx: ServiceRenderContext,
  parts: ServiceRenderParts = { server: true },
): string {
  const methods = methodInfos(service);
  const comment = commentOf(service);
  const deprecated = service.deprecated;
  const out: string[] = [];
  const summary = commentLines(comment).length > 0 ? undefined : `Definition of ${service.typeName}.`;
  out.push(renderJsDoc(docLines({ summary, comment, deprecated })));
  out.push(`export const ${names.definition} = {\n`);
  out.push(`  name: ${JSON.stringify(service.name)},\n`);
  out.push(`  fullName: ${JSON.stringify(service.typeName)},\n`);
  out.push("  methods: {\n");
  for (const m of methods) out.push(renderDefinition(m, ctx));
  out.push("  },\n} as const;\n\n");

  out.push(renderJsDoc(docLines({ summary: `Client of ${service.typeName}.`, comment, deprecated })));
  out.push(`export interface ${names.client} {\n`);
  for (const m of methods) out.push(renderJsDoc(m.doc, "  "), `  ${clientSignature(m, ctx)};\n`);
  out.push("}\n\n");

  if (parts.server) {
    out.push(
      renderJsDoc(docLines({ summary: `Implementation of ${service.typeName} on a server.`, comment, deprecated })),
    );
    out.push(`export interface ${names.server} {\n`);
    for (const m of methods) out.push(renderJsDoc(m.doc, "  "), `  ${serverSignature(m, ctx)};\n`);
    out.push("}\n\n");
  }

  out.push(
    renderJsDoc(docLines({ summary: `Creates a typed client of ${service.typeName} on \`channel\`.`, deprecated })),
  );
  out.push(
    `export function ${names.factory}(channel: ${ctx.runtime("Channel")}, options?: ${ctx.runtime("ClientOptions")}): ${names.client} {\n`,
    `  return ${ctx.runtime("createClient")}(${names.definition}, channel, options);\n`,
    "}\n",
  );
  return out.join("");
}

function methodInfos(service: DescService): MethodInfo[] {
  const byKey = new Map<string, DescMethod>();
  return service.methods.map((desc) => {
    const key = methodKey(desc.name);
    const clash = byKey.get(key);
    if (clash !== undefined) {
      throw new Error(`service ${service.typeName}: methods ${clash.name} and ${desc.name} both become "${key}"`);
    }
    byKey.set(key, desc);
    return { desc, key, doc: docLines({ comment: commentOf(desc), deprecated: desc.deprecated }) };
  });
}

function commentOf(desc: DescService | DescMethod): string | undefined {
  const comments = getComments(desc);
  return comments.leading ?? comments.trailing;
}

function renderDefinition(m: MethodInfo, ctx: ServiceRenderContext): string {
  const { desc } = m;
  const requestStream = desc.methodKind === "client_streaming" || desc.methodKind === "bidi_streaming";
  const responseStream = desc.methodKind === "server_streaming" || desc.methodKind === "bidi_streaming";
  return [
    renderJsDoc(m.doc, "    "),
    `    ${m.key}: {\n`,
    `      name: ${JSON.stringify(desc.name)},\n`,
    `      path: ${JSON.stringify(`/${desc.parent.typeName}/${desc.name}`)},\n`,
    `      requestType: ${ctx.message(desc.input)},\n`,
    `      responseType: ${ctx.message(desc.output)},\n`,
    `      requestStream: ${requestStream},\n`,
    `      responseStream: ${responseStream},\n`,
    "    },\n",
  ].join("");
}

function clientSignature(m: MethodInfo, ctx: ServiceRenderContext): string {
  const request = `${ctx.runtime("DeepPartial")}<${ctx.message(m.desc.input)}>`;
  const response = ctx.message(m.desc.output);
  const options = `options?: ${ctx.runtime("CallOptions")}`;
  switch (m.desc.methodKind) {
    case "unary":
      return `${m.key}(request: ${request}, ${options}): Promise<${response}>`;
    case "server_streaming":
      return `${m.key}(request: ${request}, ${options}): AsyncIterable<${response}>`;
    case "client_streaming":
      return `${m.key}(requests: ${ctx.runtime("RequestStream")}<${request}>, ${options}): Promise<${response}>`;
    case "bidi_streaming":
      return `${m.key}(requests: ${ctx.runtime("RequestStream")}<${request}>, ${options}): AsyncIterable<${response}>`;
  }
}

function serverSignature(m: MethodInfo, ctx: ServiceRenderContext): string {
  const request = ctx.message(m.desc.input);
  const response = ctx.message(m.desc.output);
  const context = `context: ${ctx.runtime("ServerCallContext")}`;
  switch (m.desc.methodKind) {
    case "unary":
      return `${m.key}(request: ${request}, ${context}): ${ctx.runtime("UnaryResult")}<${response}>`;
    case "server_streaming":
      return `${m.key}(request: ${request}, ${context}): ${ctx.runtime("StreamResult")}<${response}>`;
    case "client_streaming":
      return `${m.key}(requests: AsyncIterable<${request}>, ${context}): ${ctx.runtime("UnaryResult")}<${response}>`;
    case "bidi_streaming":
      return `${m.key}(requests: AsyncIterable<${request}>, ${context}): ${ctx.runtime("StreamResult")}<${response}>`;
  }
}
