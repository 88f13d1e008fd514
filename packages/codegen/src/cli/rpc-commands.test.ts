import { describe, expect, it } from "vitest";
import { captureIo } from "../test-support/capture-io.js";
import type { CliIo } from "./cli-io.js";
import { type RpcCliModule, type RpcCommandName, rpcCommands } from "./rpc-commands.js";

describe("rpcCommands", () => {
  it("are list, describe and call, delegating to @h2rpc/reflection/cli with the arguments and io", async () => {
    const calls: [RpcCommandName, readonly string[], CliIo][] = [];
    const module: RpcCliModule = {
      async runRpcCommand(name, args, io) {
        calls.push([name, args, io]);
        return 7;
      },
    };
    const commands = rpcCommands(async () => module);
    expect(commands.map((c) => c.name)).toEqual(["list", "describe", "call"]);
    const io = captureIo("/tmp");
    expect(await commands[2]!.run(["host:1", "a.B/C", "{}"], io)).toBe(7);
    expect(calls).toEqual([["call", ["host:1", "a.B/C", "{}"], io]]);
  });

  it("explain how to install @h2rpc/reflection when it is missing, exiting 1", async () => {
    const missing = Object.assign(new Error("Cannot find package '@h2rpc/reflection'"), {
      code: "ERR_MODULE_NOT_FOUND",
    });
    const io = captureIo("/tmp");
    const [list] = rpcCommands(() => Promise.reject(missing));
    expect(await list!.run(["--help"], io)).toBe(1);
    expect(io.stderr).toBe(
      "h2rpc list: needs the @h2rpc/reflection package next to @h2rpc/codegen: npm install @h2rpc/reflection\n",
    );
    const broken = captureIo("/tmp");
    await rpcCommands(() => Promise.reject(new Error("boom")))[1]!.run([], broken);
    expect(broken.stderr).toBe("h2rpc describe: cannot load @h2rpc/reflection: boom\n");
  });
});
