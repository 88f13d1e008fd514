import { builtinModules } from "node:module";

/** What a valid name looks like, for error messages. */
export const VALID_NPM_NAME =
  "a valid npm package name is lowercase, at most 214 characters of letters, digits, " +
  '"-", "." and "_" (not first), optionally scoped as @scope/name, e.g. greeter-sdk or @acme/greeter-sdk';

/** Names npm refuses whatever their characters. */
const RESERVED = new Set(["node_modules", "favicon.ico"]);

/** One part of a name (the scope or the name proper): what npm accepts for new packages. */
const PART = /^[a-z0-9][a-z0-9._-]*$/;

/**
 * Why `name` cannot be published as a new npm package, or undefined when it can. Follows the
 * rules of npm's validate-npm-package-name for new packages: at most 214 characters, lowercase,
 * URL-safe, no leading `.` or `_`, not a Node.js builtin module, `@scope/name` for scoped names.
 */
export function npmNameProblem(name: string): string | undefined {
  if (name === "") return "it is empty";
  if (name.length > 214) return "it is longer than 214 characters";
  if (name.trim() !== name) return "it starts or ends with a space";
  if (name !== name.toLowerCase()) return "it has uppercase letters";
  if (RESERVED.has(name)) return `"${name}" is reserved`;
  if (builtinModules.includes(name)) return `"${name}" is a Node.js builtin module`;
  const scoped = /^@([^/]*)\/(.*)$/.exec(name);
  if (name.startsWith("@") && scoped === null) return 'a scoped name needs a "/" (@scope/name)';
  const parts = scoped === null ? [name] : [scoped[1]!, scoped[2]!];
  for (const part of parts) {
    if (part === "") return "the scope or the name after it is empty";
    if (part.startsWith(".") || part.startsWith("_")) return `"${part}" starts with "${part[0]}"`;
    if (!PART.test(part)) return `"${part}" has characters other than a-z, 0-9, "-", "." and "_"`;
  }
  return undefined;
}
