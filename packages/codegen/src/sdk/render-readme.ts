import { README_MARKER } from "./sdk-markers.js";
import type { SdkMethod, SdkModel, SdkService, SdkTypeRef } from "./sdk-model.js";

/** What goes into the SDK's README.md. */
export interface ReadmeInput {
  /** The npm package name. */
  readonly name: string;
  /** The SDK's modules and services. */
  readonly model: SdkModel;
  /** What generated it, e.g. `@h2rpc/codegen 0.1.0`. */
  readonly generator: string;
}

/**
 * The SDK's README.md: install and usage, the modules (with the names left out of the root or
 * renamed), then every service with every method: its kind, request → response types and proto
 * comment. Starts with {@link README_MARKER}.
 */
export function renderReadme(input: ReadmeInput): string {
  const { name, model } = input;
  const services = model.packages.flatMap((p) => p.services);
  const rootServices = model.packages.filter((p) => p.inRoot).flatMap((p) => p.services);
  const out: string[] = [
    `${README_MARKER}\n`,
    `# ${name}\n\n`,
    `Typed [h2rpc](https://www.npmjs.com/package/h2rpc) clients of ${rootServices.map((s) => code(s.typeName)).join(", ")}, `,
    `generated from .proto files by \`h2rpc generate --sdk\` (${input.generator}). Clients only: no server code.\n\n`,
    "## Install\n\n",
    `\`\`\`sh\nnpm install ${name} h2rpc\n\`\`\`\n\n`,
    "`h2rpc` is the runtime the clients run on; your code imports `createChannel` from it.\n\n",
    "## Usage\n\n",
    renderUsage(name, model, rootServices[0] ?? services[0]),
    "Unary methods return a promise of the response; server streaming and bidi streaming methods return an async\n",
    "iterable of responses; client streaming and bidi streaming methods take an iterable (or async iterable) of\n",
    "requests. Requests are plain objects: any field may be left out. The last argument takes the call options\n",
    "(`timeoutMs`, `deadline`, `signal`, `metadata`, ...). A failed call rejects, or ends its iteration, with an\n",
    "`RpcError` from `h2rpc` carrying the gRPC status `code`.\n\n",
    renderModules(name, model),
    "## Services\n\n",
    services.map((service) => renderService(name, service)).join("\n"),
  ];
  return out.join("");
}

function renderUsage(name: string, model: SdkModel, service: SdkService | undefined): string {
  if (service === undefined) return "";
  const method = service.methods.find((m) => m.kind === "unary") ?? service.methods[0];
  const lines = [
    'import { createChannel } from "h2rpc";',
    `import { ${service.exports.factory} } from "${importPath(name, model, service.module, service.exports.factory)}";`,
    "",
    `const client = ${service.exports.factory}(createChannel("localhost:50051"));`,
  ];
  if (method !== undefined) lines.push(...callExample(method));
  return `\`\`\`ts\n${lines.join("\n")}\n\`\`\`\n\n`;
}

function callExample(m: SdkMethod): string[] {
  const request = `{ /* ${m.request.name} */ }`;
  switch (m.kind) {
    case "unary":
      return [`const response = await client.${m.key}(${request}, { timeoutMs: 5_000 });`];
    case "server streaming":
      return [
        `for await (const response of client.${m.key}(${request}, { signal: AbortSignal.timeout(5_000) })) {`,
        "  console.log(response);",
        "}",
      ];
    case "client streaming":
      return [`const response = await client.${m.key}([${request}, ${request}], { timeoutMs: 5_000 });`];
    case "bidi streaming":
      return [
        `for await (const response of client.${m.key}([${request}, ${request}])) {`,
        "  console.log(response);",
        "}",
      ];
  }
}

/** Where to import `exportName` of `module` from: the root when it exports it, else the package's module. */
function importPath(name: string, model: SdkModel, module: string, exportName: string): string {
  return model.root.some((e) => e.name === exportName && e.module === module) ? name : `${name}/${module}`;
}

function renderModules(name: string, model: SdkModel): string {
  const rootPackages = model.packages.filter((p) => p.inRoot).map((p) => code(p.protoPackage || p.module));
  const rows = [
    "| Import from | Exports |\n",
    "|---|---|\n",
    `| ${code(name)} | the exports of ${rootPackages.join(", ")} (but see below) |\n`,
    ...model.packages.map((p) => {
      const what = p.protoPackage === "" ? ".proto files without a package" : `proto package ${code(p.protoPackage)}`;
      const counts = [count(p.services.length, "service"), count(p.exports.length, "export")].join(", ");
      return `| ${code(`${name}/${p.module}`)} | ${what}: ${counts}${p.inRoot ? "" : " (imported)"} |\n`;
    }),
  ];
  const out = ["## Modules\n\n", ...rows, "\n"];
  if (model.rootClashes.size > 0) {
    out.push(`Not exported by ${code(name)}, as several packages export them (import them from one of those):\n\n`);
    for (const [clash, modules] of model.rootClashes) {
      out.push(`- ${code(clash)}: ${modules.map((m) => code(`${name}/${m}`)).join(", ")}\n`);
    }
    out.push("\n");
  }
  if (model.renamed.length > 0) {
    out.push("Renamed, as their generated name is taken in their module:\n\n");
    for (const r of model.renamed) {
      out.push(`- ${code(r.name)} in ${code(`${name}/${r.module}`)}: the ${r.what} (generated as ${code(r.local)})\n`);
    }
    out.push("\n");
  }
  return out.join("");
}

function renderService(name: string, s: SdkService): string {
  const out = [`### ${code(s.typeName)}${s.deprecated ? " (deprecated)" : ""}\n\n`];
  if (s.comment.length > 0) out.push(`${s.comment.join("\n")}\n\n`);
  out.push(
    `From ${code(`${name}/${s.module}`)}: ${code(`${s.exports.factory}(channel, options?)`)} returns a `,
    `${code(s.exports.client)}; ${code(s.exports.definition)} is the service definition.\n\n`,
  );
  out.push(s.methods.map((m) => renderMethod(name, s, m)).join("\n"));
  return out.join("");
}

/** A list item: the method, its kind and types, then its comment indented as paragraphs of the item. */
function renderMethod(name: string, s: SdkService, m: SdkMethod): string {
  const types = `${typeRef(name, s, m.request)} → ${typeRef(name, s, m.response)}`;
  const head = `- ${code(m.key)}: ${m.kind}, ${types}${m.deprecated ? " (deprecated)" : ""}\n`;
  if (m.comment.length === 0) return head;
  return `${head}\n${m.comment.map((line) => (line === "" ? "\n" : `  ${line}\n`)).join("")}`;
}

function typeRef(name: string, s: SdkService, t: SdkTypeRef): string {
  return t.module === s.module ? code(t.name) : `${code(t.name)} (${code(`${name}/${t.module}`)})`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** Inline code, with a longer fence when the text holds backticks. */
function code(text: string): string {
  return text.includes("`") ? `\`\` ${text} \`\`` : `\`${text}\``;
}
