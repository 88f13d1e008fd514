import { describe, expect, it } from "vitest";
import { npmNameProblem, VALID_NPM_NAME } from "./npm-package-name.js";

describe("npmNameProblem", () => {
  it("accepts plain and scoped lowercase names", () => {
    for (const name of ["greeter-sdk", "a", "sdk.v2", "my_sdk", "@acme/greeter-sdk", "@a-b.c/d_e", "x".repeat(214)]) {
      expect(npmNameProblem(name)).toBeUndefined();
    }
  });

  it("says what is wrong with an invalid name", () => {
    expect(npmNameProblem("")).toBe("it is empty");
    expect(npmNameProblem("x".repeat(215))).toBe("it is longer than 214 characters");
    expect(npmNameProblem(" sdk")).toBe("it starts or ends with a space");
    expect(npmNameProblem("GreeterSdk")).toBe("it has uppercase letters");
    expect(npmNameProblem("node_modules")).toBe('"node_modules" is reserved');
    expect(npmNameProblem("http2")).toBe('"http2" is a Node.js builtin module');
    expect(npmNameProblem("@acme")).toBe('a scoped name needs a "/" (@scope/name)');
    expect(npmNameProblem("@acme/")).toBe("the scope or the name after it is empty");
    expect(npmNameProblem(".hidden")).toBe('".hidden" starts with "."');
    expect(npmNameProblem("@acme/_sdk")).toBe('"_sdk" starts with "_"');
    expect(npmNameProblem("greeter sdk")).toBe('"greeter sdk" has characters other than a-z, 0-9, "-", "." and "_"');
    expect(npmNameProblem("@acme/a/b")).toBe('"a/b" has characters other than a-z, 0-9, "-", "." and "_"');
    expect(npmNameProblem("sdk!")).toContain("has characters other than");
  });

  it("has a description of valid names for error messages", () => {
    expect(VALID_NPM_NAME).toContain("@acme/greeter-sdk");
  });
});
