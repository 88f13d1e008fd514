/** A semantic version (semver.org 2.0.0): `1.2.3`, `1.0.0-beta.1`, `1.0.0+build.5`. */
const SEMVER =
  /^(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)(?:-(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*)?(?:\+[0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*)?$/;

/** Whether `version` is a semantic version, as npm requires of a package's `version`. */
export function isSemver(version: string): boolean {
  return SEMVER.test(version);
}
