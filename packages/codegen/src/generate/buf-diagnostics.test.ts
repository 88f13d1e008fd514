import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir, writeFiles } from "../test-support/temp-dir.js";
import { parseBufErrors } from "./buf-diagnostics.js";
import { formatDiagnostic } from "./generate-error.js";

describe("parseBufErrors", () => {
  it("reads buf's JSON errors, with paths relative to cwd", () => {
    const cwd = "/work/project";
    const stderr = [
      '{"path":"/work/project/proto/a.proto","start_line":4,"start_column":3,"end_line":4,"end_column":7,"type":"COMPILE","message":"cannot find `Nope` in this scope"}',
      '{"path":"/elsewhere/b.proto","start_line":1,"start_column":1,"message":"boom"}',
      "",
    ].join("\n");
    expect(parseBufErrors(stderr, cwd).map(formatDiagnostic)).toEqual([
      "proto/a.proto:4:3: cannot find `Nope` in this scope",
      "/elsewhere/b.proto:1:1: boom",
    ]);
  });

  it("keeps other lines as messages, without buf's Failure: prefix", () => {
    expect(parseBufErrors("Failure: no .proto files were targeted.\nsome detail\n", "/")).toEqual([
      { message: "no .proto files were targeted." },
      { message: "some detail" },
    ]);
  });

  it("drops buf's plugin exit line when the plugin explained the failure", () => {
    const stderr =
      "protoc-gen-h2rpc: c.proto: bad\nFailure: plugin /usr/bin/node /x/protoc-gen-h2rpc.js: exit status 1\n";
    expect(parseBufErrors(stderr, "/")).toEqual([{ message: "protoc-gen-h2rpc: c.proto: bad" }]);
    expect(parseBufErrors("Failure: plugin x: exit status 1\n", "/")).toEqual([{ message: "plugin x: exit status 1" }]);
  });

  it("names the missing file of an import", () => {
    const cwd = tempDir();
    writeFiles(cwd, { "p/a.proto": 'syntax = "proto3";\nimport public "x/y.proto";\n' });
    const line = JSON.stringify({
      path: join(cwd, "p/a.proto"),
      start_line: 2,
      start_column: 1,
      message: "imported file does not exist",
    });
    expect(parseBufErrors(line, cwd).map(formatDiagnostic)).toEqual([
      'p/a.proto:2:1: imported file "x/y.proto" does not exist',
    ]);
  });
});
