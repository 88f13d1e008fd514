import { readFileSync } from "node:fs";

interface PackageJson {
  readonly version: string;
  readonly dependencies?: Readonly<Record<string, string>>;
}

let packageJson: PackageJson | undefined;

function ownPackageJson(): PackageJson {
  // src/ and dist/ both sit directly under the package root.
  packageJson ??= JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as PackageJson;
  return packageJson;
}

/** The version of @h2rpc/codegen, read once from its package.json. */
export function packageVersion(): string {
  return ownPackageJson().version;
}

/** The version (range) of the dependency `name` in @h2rpc/codegen's package.json, if it has it. */
export function dependencyVersion(name: string): string | undefined {
  return ownPackageJson().dependencies?.[name];
}
