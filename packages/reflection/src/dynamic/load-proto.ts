import { existsSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { type DynamicDefinitions, definitionsFromRoot } from "./definitions.js";
import { protobuf } from "./protobufjs.js";

/** Options of {@link loadProtoDefinitions}. */
export interface LoadProtoOptions {
  /**
   * Directories imports are looked up in, in order (protoc's `-I`, grpcurl's `-import-path`);
   * the files given are looked up in them too. The well-known types (`google/protobuf/*.proto`)
   * need none: protobufjs bundles the common ones.
   */
  includeDirs?: readonly string[];
  /** Directory relative paths resolve against. Default `process.cwd()`. */
  cwd?: string;
}

/**
 * Loads .proto files (and what they import) at run time with protobufjs, without code
 * generation: their services are definitions for h2rpc's `createClient` and `server.add`.
 *
 * ```ts
 * const defs = await loadProtoDefinitions(["helloworld/greeter.proto"], { includeDirs: ["proto"] });
 * const greeter = defs.service("helloworld.Greeter")!;
 * const client = createClient(greeter, channel);
 * const reply = await client.sayHello!(greeter.methods.sayHello!.requestType.fromJson({ name: "Ada" }));
 * ```
 * @throws {Error} for a file that is missing or does not parse (the message names it).
 */
export async function loadProtoDefinitions(
  files: string | readonly string[],
  options: LoadProtoOptions = {},
): Promise<DynamicDefinitions> {
  const cwd = options.cwd ?? process.cwd();
  const includeDirs = (options.includeDirs ?? []).map((dir) => resolve(cwd, dir));
  const root = new protobuf.Root();
  root.resolvePath = (origin, target) => findFile(origin === "" ? cwd : dirname(origin), target, includeDirs);
  // loadSync: protobufjs's async loader can throw outside its promise and mis-order extensions.
  root.loadSync(typeof files === "string" ? [files] : [...files], { keepCase: false });
  root.resolveAll();
  return definitionsFromRoot(root);
}

/**
 * Where `target` is: as an absolute path; else in `base` (the working directory for the files
 * given, the importing file's directory for imports), then in each include directory. A path
 * found nowhere resolves against the first candidate, so the error names it.
 */
function findFile(base: string, target: string, includeDirs: readonly string[]): string {
  if (isAbsolute(target)) return target;
  const candidates = [resolve(base, target), ...includeDirs.map((dir) => resolve(dir, target))];
  return candidates.find((candidate) => existsSync(candidate)) ?? candidates[0]!;
}
