import { type Stats, statSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import { GenerateError } from "./generate-error.js";
import { listFiles } from "./list-files.js";

/** The .proto inputs of one run, as absolute paths. */
export interface ProtoInputs {
  /** The proto root: the directory imports are relative to. */
  readonly root: string;
  /** Files or directories under `root` to generate; empty means all of `root`. */
  readonly paths: readonly string[];
}

/**
 * Checks and resolves the proto root and the requested paths. A path is looked up relative
 * to `cwd` first, then relative to the root (`helloworld/greeter.proto` works as well as
 * `proto/helloworld/greeter.proto`); it must be a directory or a `.proto` file inside the root.
 */
export function resolveProtoInputs(cwd: string, root: string, paths: readonly string[]): ProtoInputs {
  const absRoot = resolve(cwd, root);
  const rootStats = statOrUndefined(absRoot);
  if (rootStats === undefined) {
    throw new GenerateError(
      `proto root "${root}" does not exist (looked for ${absRoot}); choose one with --root <dir>`,
    );
  }
  if (!rootStats.isDirectory()) throw new GenerateError(`proto root "${root}" is not a directory`);
  if (paths.length === 0) {
    if (!containsProto(absRoot)) throw new GenerateError(`no .proto files found under the proto root "${root}"`);
    return { root: absRoot, paths: [] };
  }
  return { root: absRoot, paths: paths.map((path) => resolvePath(cwd, absRoot, root, path)) };
}

function resolvePath(cwd: string, absRoot: string, root: string, path: string): string {
  const candidates = [resolve(cwd, path), resolve(absRoot, path)];
  const found = candidates.find((candidate) => statOrUndefined(candidate) !== undefined);
  if (found === undefined) throw new GenerateError(`${path}: no such file or directory (nor under "${root}")`);
  const rel = relative(absRoot, found);
  if (rel.startsWith("..") || isAbsolute(rel)) {
    throw new GenerateError(`${path}: not inside the proto root "${root}"; choose the root with --root <dir>`);
  }
  if (statOrUndefined(found)?.isFile() && !found.endsWith(".proto")) {
    throw new GenerateError(`${path}: not a .proto file`);
  }
  return found;
}

function containsProto(dir: string): boolean {
  return listFiles(dir).some((name) => name.endsWith(".proto"));
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
