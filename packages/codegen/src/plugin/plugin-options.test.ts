import { describe, expect, it } from "vitest";
import { parsePluginOptions } from "./plugin-options.js";

describe("parsePluginOptions", () => {
  it("has defaults", () => {
    expect(parsePluginOptions("")).toEqual({
      runtime: "h2rpc",
      importSuffix: ".js",
      fileDescriptor: true,
      server: true,
    });
  });

  it("reads runtime, import_suffix, file_descriptor and server", () => {
    expect(parsePluginOptions("runtime=@acme/rpc, import_suffix=,file_descriptor=false,server=false")).toEqual({
      runtime: "@acme/rpc",
      importSuffix: "",
      fileDescriptor: false,
      server: false,
    });
    expect(parsePluginOptions("file_descriptor").fileDescriptor).toBe(true);
  });

  it("rejects unknown options and bad values", () => {
    expect(() => parsePluginOptions("target=js")).toThrow('unknown option "target"');
    expect(() => parsePluginOptions("file_descriptor=yes")).toThrow("must be true or false");
    expect(() => parsePluginOptions("server=no")).toThrow("option server must be true or false");
    expect(() => parsePluginOptions("runtime=")).toThrow("runtime needs a module name");
  });
});
