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
      expect(stdout).toContain("--no-server");
      expect(stdout).toContain("h2rpc generate --sdk <npm-name> --out <dir> [--sdk-version <version>]");
      expect(stdout).toContain("--sdk-version <v>");
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

  it("leaves the server interfaces out with --no-server", async () => {
    const project = fixtureProject();
    expect((await run(["gen", "-o", "a", "--no-server", "lonely.proto"], project)).exitCode).toBe(0);
    const lonely = readFileSync(join(project, "a/lonely.h2rpc.ts"), "utf8");
    expect(lonely).toContain("export interface LonelyClient {");
    expect(lonely).not.toContain("LonelyServer");
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

describe("h2rpc generate --sdk", () => {
  it("writes the package and prints what it did, with notes", async () => {
    const project = fixtureProject();
    const { exitCode, stdout, stderr } = await run(["generate", "--sdk", "@acme/shop-sdk", "--out", "sdk"], project);
    expect(stderr).toBe("");
    expect(exitCode).toBe(0);
    const [summary, ...notes] = stdout.trimEnd().split("\n");
    expect(summary).toMatch(
      /^h2rpc generate: SDK @acme\/shop-sdk@0\.1\.0 in sdk \(4 services, modules \. \.\/default-package \.\/common\.v1 \.\/google\.protobuf \.\/shop\.v1; \d+ files written\)$/,
    );
    expect(notes).toEqual([
      "h2rpc generate: note: left out of @acme/shop-sdk, as several modules export them (@acme/shop-sdk/common.v1, @acme/shop-sdk/shop.v1): Item",
      "h2rpc generate: note: @acme/shop-sdk/shop.v1 exports the message shop.v1.CatalogServiceClient as " +
        "CatalogServiceClientMessage: the name CatalogServiceClient is taken",
    ]);
    expect(JSON.parse(readFileSync(join(project, "sdk/package.json"), "utf8")).name).toBe("@acme/shop-sdk");
  }, 60_000);

  it("exits 2 on options that do not go together", async () => {
    const noOut = await run(["generate", "--sdk", "x"]);
    expect(noOut.exitCode).toBe(2);
    expect(noOut.stderr).toBe(
      'h2rpc generate: --sdk needs --out <dir>, the directory to write the package to\nRun "h2rpc generate --help" for usage.\n',
    );
    const runtime = await run(["generate", "--sdk", "x", "-o", "sdk", "--runtime", "@acme/rpc"]);
    expect(runtime).toMatchObject({ exitCode: 2 });
    expect(runtime.stderr).toContain("--runtime does not go with --sdk: an SDK depends on h2rpc");
    const version = await run(["generate", "--sdk-version", "1.0.0"]);
    expect(version).toMatchObject({ exitCode: 2 });
    expect(version.stderr).toContain("--sdk-version goes with --sdk <npm-name>");
    expect(await run(["generate", "--sdk", "x", "--help"])).toMatchObject({ exitCode: 0 });
  });

  it("explains an invalid package name or version and exits 1", async () => {
    const name = await run(["generate", "--sdk", "My SDK", "-o", "sdk"], fixtureProject());
    expect(name.exitCode).toBe(1);
    expect(name.stderr).toMatch(
      /^h2rpc generate: invalid npm package name "My SDK": it has uppercase letters; a valid/,
    );
    const version = await run(["generate", "--sdk", "sdk", "--sdk-version", "1.0", "-o", "sdk"], fixtureProject());
    expect(version).toEqual({
      exitCode: 1,
      stdout: "",
      stderr: 'h2rpc generate: invalid version "1.0": use a semantic version such as 1.0.0 or 0.2.0-beta.1\n',
    });
  });
});
