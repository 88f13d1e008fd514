// Checks the shell examples of docs/codegen.md on `--no-server` and `--sdk`: the command's output and the
// package.json the guide shows, and that the SDK's client calls a server as the guide says.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { runCli } from "@h2rpc/codegen";
import { type Channel, createChannel } from "h2rpc";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startInventory } from "./codegen.js";

const snippets = fileURLToPath(new URL("..", import.meta.url));
const root = join(snippets, "..", "..");
const guide = readFileSync(join(root, "docs", "codegen.md"), "utf8");

/** Runs `h2rpc <args>` in `cwd`; resolves to its exit code and output. */
async function h2rpc(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { cwd, out: (text) => out.push(text), err: (text) => err.push(text) });
  return { code, out: out.join(""), err: err.join("") };
}

/** A scratch copy of examples/docs-snippets' proto/, with h2rpc installed next to it (the SDK imports it). */
let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "docs-codegen-"));
  cpSync(join(snippets, "proto"), join(work, "proto"), { recursive: true });
  for (const name of ["h2rpc", "@bufbuild/protobuf"]) {
    mkdirSync(dirname(join(work, "node_modules", name)), { recursive: true });
    symlinkSync(join(root, "node_modules", name), join(work, "node_modules", name), "junction");
  }
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

test("--no-server writes the client code without the server interface", { timeout: 30_000 }, async () => {
  const { code } = await h2rpc(["generate", "--no-server", "--out", "client-only"], work);
  expect(code).toBe(0);
  const service = readFileSync(join(work, "client-only", "inventory", "v1", "inventory.h2rpc.ts"), "utf8");
  expect(service).toContain("export const InventoryService = {");
  expect(service).toContain("export interface InventoryClient {");
  expect(service).toContain("export function createInventoryClient(");
  expect(service).not.toContain("InventoryServer");
});

// generates, compiles (tsc) and imports a whole package, twice: seconds on a loaded 2-core CI machine, so
// vitest's default 5 s timeout would fail it there without anything being wrong
test("--sdk writes the package the guide shows; its client calls a server", { timeout: 30_000 }, async () => {
  const run = await h2rpc(["generate", "--sdk", "@acme/inventory-sdk", "--out", "sdk"], work);
  expect(run.err).toBe("");
  expect(run.code).toBe(0);
  expect(guide).toContain(`\n${run.out}`); // the output line the guide shows

  const packageJson = JSON.parse(readFileSync(join(work, "sdk", "package.json"), "utf8")) as unknown;
  const shown = [...guide.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]!).find((b) => b.includes("h2rpcSdk"));
  expect(JSON.parse(shown ?? "null")).toEqual(packageJson);
  expect(readFileSync(join(work, "sdk", "README.md"), "utf8")).toContain(
    "- `getStock`: unary, `GetStockRequest` → `Stock`\n",
  );

  // what the SDK's users import: the root module and the proto package's module export the same client
  const sdk = (await import(pathToFileURL(join(work, "sdk", "dist", "index.js")).href)) as Record<string, unknown>;
  const inventoryV1 = (await import(pathToFileURL(join(work, "sdk", "dist", "packages", "inventory.v1.js")).href)) as {
    createInventoryClient: (channel: Channel) => { getStock(request: { sku: string }): Promise<{ quantity: bigint }> };
  };
  expect(Object.keys(sdk).sort()).toEqual([
    "GetStockRequest",
    "InventoryService",
    "OutOfStock",
    "Stock",
    "createInventoryClient",
  ]);
  expect(sdk.createInventoryClient).toBe(inventoryV1.createInventoryClient);

  const { server, port } = await startInventory();
  const channel = createChannel(`127.0.0.1:${port}`);
  try {
    expect((await inventoryV1.createInventoryClient(channel).getStock({ sku: "sku-1" })).quantity).toBe(12n);
  } finally {
    channel.close();
    await server.close();
  }

  // a second run updates the package: the version is kept unless --sdk-version sets it
  const again = await h2rpc(
    ["generate", "--sdk", "@acme/inventory-sdk", "--out", "sdk", "--sdk-version", "1.1.0"],
    work,
  );
  expect(again.code).toBe(0);
  expect(JSON.parse(readFileSync(join(work, "sdk", "package.json"), "utf8"))).toMatchObject({ version: "1.1.0" });
});

test("the usage errors the guide lists exit with 2, the others with 1", async () => {
  expect((await h2rpc(["generate", "--sdk", "@acme/inventory-sdk"], work)).code).toBe(2);
  expect((await h2rpc(["generate", "--sdk", "@acme/inventory-sdk", "--out", "x", "--runtime", "rt"], work)).code).toBe(
    2,
  );
  expect((await h2rpc(["generate", "--sdk-version", "1.0.0"], work)).code).toBe(2);
  const badName = await h2rpc(["generate", "--sdk", "Acme", "--out", "bad"], work);
  expect(badName).toMatchObject({ code: 1, err: expect.stringContaining('invalid npm package name "Acme"') });
  const notEmpty = await h2rpc(["generate", "--sdk", "acme-sdk", "--out", "proto"], work);
  expect(notEmpty).toMatchObject({ code: 1, err: expect.stringContaining("holds no SDK generated by h2rpc") });
});
