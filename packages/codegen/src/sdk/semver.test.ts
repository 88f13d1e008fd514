import { describe, expect, it } from "vitest";
import { isSemver } from "./semver.js";

describe("isSemver", () => {
  it("accepts semantic versions with pre-release and build parts", () => {
    for (const v of [
      "0.1.0",
      "1.2.3",
      "10.20.30",
      "1.0.0-beta.1",
      "1.0.0-alpha-1.0",
      "1.0.0+build.5",
      "2.0.0-rc.1+sha.0a1",
    ]) {
      expect(isSemver(v), v).toBe(true);
    }
  });

  it("refuses anything else", () => {
    for (const v of ["", "1", "1.2", "v1.2.3", "01.2.3", "1.2.3-", "1.2.3-01", "1.2.3 ", "^1.2.3", "latest"]) {
      expect(isSemver(v), v).toBe(false);
    }
  });
});
