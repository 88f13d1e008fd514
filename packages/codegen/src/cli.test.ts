import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, PACKAGE_DIR } from "./test-support/ensure-built.js";
import { fixtureProject, writeFiles } from "./test-support/temp-dir.js";

beforeAll(ensureBuilt);

const CLI = join(PACKAGE_DIR, "dist/cli.js");

/** Runs the built CLI with an empty PATH: no protoc, no buf, no node to find there. */
function runBuiltCli(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, env: { PATH: "" }, encoding: "utf8" });
  return { exitCode: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("the built h2rpc bin", () => {
  it("has executable launchers in bin/ (committed, so npm links them before any build)", () => {
    for (const bin of ["bin/h2rpc.js", "bin/protoc-gen-h2rpc.js"]) {
      expect(readFileSync(join(PACKAGE_DIR, bin), "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
      accessSync(join(PACKAGE_DIR, bin), constants.X_OK);
    }
    const help = spawnSync(join(PACKAGE_DIR, "bin/h2rpc.js"), ["--help"], { encoding: "utf8" });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("generate");
  });

  it("generates without protoc or buf on the PATH and without a buf.yaml", () => {
    const project = fixtureProject();
    expect(existsSync(join(project, "buf.yaml"))).toBe(false);
    const { exitCode, stdout, stderr } = runBuiltCli(["generate"], project);
    expect(stderr).toBe("");
    expect(stdout).toBe("h2rpc generate: 12 files in src/gen (12 written)\n");
    expect(exitCode).toBe(0);
    expect(existsSync(join(project, "src/gen/google/protobuf/timestamp.ts"))).toBe(true);
  });

  it("exits 1 with the place of the error in a bad .proto", () => {
    const project = fixtureProject();
    writeFiles(project, { "proto/broken.proto": 'syntax = "proto3";\nimport "nowhere/missing.proto";\n' });
    const { exitCode, stderr } = runBuiltCli(["generate"], project);
    expect(exitCode).toBe(1);
    expect(stderr).toBe(
      'h2rpc generate: proto/broken.proto:2:1: imported file "nowhere/missing.proto" does not exist\n',
    );
  });
});
