import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { captureIo } from "../test-support/capture-io.js";
import { ensureBuilt } from "../test-support/ensure-built.js";
import { fixtureProject, tempDir, writeFiles } from "../test-support/temp-dir.js";
import { runCli } from "./run-cli.js";

beforeAll(ensureBuilt);

async function run(argv: string[], cwd = tempDir()) {
  const io = captureIo(cwd);
  const exitCode = await runCli(argv, io);
  return { exitCode, stdout: io.stdout, stderr: io.stderr };
}

describe("h2rpc", () => {
  it("prints usage with --help, listing the commands", async () => {
    const { exitCode, stdout } = await run(["--help"]);
    expect(exitCode).toBe(0);
    expect(stdout).toContain("Usage: h2rpc <command> [options]");
    expect(stdout).toMatch(/\n {2}generate +compile \.proto files/);
    expect(stdout).toMatch(/\n {2}list +list the services/);
    expect(stdout).toMatch(/\n {2}describe +show a service/);
    expect(stdout).toMatch(/\n {2}call +call a method/);
  });

  it("prints usage and exits 2 without a command or with an unknown one", async () => {
    const none = await run([]);
    expect(none).toMatchObject({ exitCode: 2, stdout: "" });
    expect(none.stderr).toContain("Usage: h2rpc <command>");
    const unknown = await run(["frobnicate"]);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/^h2rpc: unknown command "frobnicate"\n\nUsage: h2rpc/);
  });

  it("prints the version", async () => {
    expect(await run(["--version"])).toEqual({ exitCode: 0, stdout: "0.1.0\n", stderr: "" });
  });
});

describe("h2rpc generate", () => {
  it("prints its help with --help, also as gen and through help <command>", async () => {
    for (const argv of [
      ["generate", "--help"],
      ["gen", "-h"],
      ["help", "generate"],
    ]) {
      const { exitCode, stdout } = await run(argv);
      expect(exitCode).toBe(0);
      expect(stdout).toContain("Usage: h2rpc generate [paths...] [options]");
      expect(stdout).toContain("--root <dir>");
      expect(stdout).toContain("--no-descriptors");
    }
  });

  it("exits 2 on an unknown option or a missing value", async () => {
    const unknown = await run(["generate", "--frob"]);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain("h2rpc generate: Unknown option '--frob'");
    expect(unknown.stderr).toContain('Run "h2rpc generate --help" for usage.');
    expect((await run(["generate", "--out"])).exitCode).toBe(2);
  });

  it("generates with --root, --out and paths, and says what it did", async () => {
    const project = fixtureProject();
    const { exitCode, stdout, stderr } = await run(["gen", "--root", "proto", "-o", "out/ts", "lonely.proto"], project);
    expect(stderr).toBe("");
    expect(exitCode).toBe(0);
    expect(stdout).toBe("h2rpc generate: 2 files in out/ts (2 written)\n");
    expect(existsSync(join(project, "out/ts/lonely.h2rpc.ts"))).toBe(true);
  });

  it("leaves the file descriptors out with --no-descriptors", async () => {
    const project = fixtureProject();
    const withThem = await run(["gen", "-o", "a", "lonely.proto"], project);
    const without = await run(["gen", "-o", "b", "--no-descriptors", "lonely.proto"], project);
    expect([withThem.exitCode, without.exitCode]).toEqual([0, 0]);
    expect(readFileSync(join(project, "a/lonely.h2rpc.ts"), "utf8")).toContain("export const fileDescriptors");
    expect(readFileSync(join(project, "b/lonely.h2rpc.ts"), "utf8")).not.toContain("fileDescriptor");
  });

  it("prints file:line:column errors prefixed with the command and exits 1", async () => {
    const project = tempDir();
    writeFiles(project, {
      "schemas/shop/bad.proto": 'syntax = "proto3";\npackage shop;\nmessage A {\n  Unknown u = 1;\n}\n',
    });
    const { exitCode, stdout, stderr } = await run(["generate", "--root", "schemas"], project);
    expect(exitCode).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toBe("h2rpc generate: schemas/shop/bad.proto:4:3: cannot find `Unknown` in this scope\n");
  });

  it("explains a missing proto root and exits 1", async () => {
    const { exitCode, stderr } = await run(["generate"]);
    expect(exitCode).toBe(1);
    expect(stderr).toMatch(
      /^h2rpc generate: proto root "proto" does not exist \(looked for .*\); choose one with --root <dir>\n$/,
    );
  });
});
