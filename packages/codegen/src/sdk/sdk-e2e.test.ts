import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tscCommand } from "../generate/tool-paths.js";
import { ensureBuilt, PACKAGE_DIR } from "../test-support/ensure-built.js";
import { npm, npmPack, type PackResult } from "../test-support/npm.js";
import { tempDir, writeFiles } from "../test-support/temp-dir.js";
import { findPackageDir } from "./find-package-dir.js";
import { generateSdk, type SdkResult } from "./generate-sdk.js";

const execFileAsync = promisify(execFile);
const REPO_DIR = join(PACKAGE_DIR, "..", "..");
const H2RPC_DIR = join(REPO_DIR, "packages", "h2rpc");
const SDK_NAME = "@e2e/greeter-sdk";

/** The consumer: a TypeScript ESM package using the SDK's clients and types, printing the replies as JSON. */
const CONSUMER_FILES = {
  "package.json": JSON.stringify({ name: "sdk-consumer", private: true, type: "module" }),
  "tsconfig.json": JSON.stringify({
    compilerOptions: {
      target: "ES2022",
      lib: ["ES2023"],
      module: "NodeNext",
      moduleResolution: "NodeNext",
      types: ["node"],
      strict: true,
      verbatimModuleSyntax: true,
      skipLibCheck: false,
      rootDir: "src",
      outDir: "dist",
    },
    include: ["src"],
  }),
  "src/main.ts": `import { createChannel } from "h2rpc";
import { createGreeterClient, type GreeterClient, type HelloReply } from "${SDK_NAME}";
// @ts-expect-error: an SDK has clients only, no server interfaces
import type { GreeterServer } from "${SDK_NAME}";
import { createRouteGuideClient, type Feature, Point } from "${SDK_NAME}/routeguide";

const channel = createChannel(\`127.0.0.1:\${process.argv[2]}\`);
try {
  const greeter: GreeterClient = createGreeterClient(channel, { timeoutMs: 10_000 });
  const reply: HelloReply = await greeter.sayHello({ name: "Ada" });
  const many = await greeter.greetMany([{ name: "Ada" }, { name: "Bo" }]);
  const stream: string[] = [];
  for await (const r of greeter.sayHelloStream({ name: "Cy", count: 2 })) stream.push(r.message);
  const chat: string[] = [];
  for await (const r of greeter.chat([{ name: "Di" }, { name: "Ed" }])) chat.push(r.message);
  const routeGuide = createRouteGuideClient(channel, { timeoutMs: 10_000 });
  const feature: Feature = await routeGuide.getFeature(Point.fromPartial({ latitude: 1, longitude: 2 }));
  console.log(JSON.stringify({ reply: reply.message, many: many.message, stream, chat, feature: feature.name }));
} finally {
  channel.close();
}
`,
};

/** The handlers of the test's server (plain JavaScript, as the server's types come from the installed runtime). */
const GREETER = {
  sayHello: (r: { name: string }) => ({ message: `Hello, ${r.name}!` }),
  async greetMany(requests: AsyncIterable<{ name: string }>) {
    const names: string[] = [];
    for await (const r of requests) names.push(r.name);
    return { message: `Hello, ${names.join(" and ")}!` };
  },
  async *sayHelloStream(r: { name: string; count: number }) {
    for (let i = 1; i <= r.count; i++) yield { message: `Hello #${i}, ${r.name}!` };
  },
  async *chat(requests: AsyncIterable<{ name: string }>) {
    for await (const r of requests) yield { message: `Hi ${r.name}` };
  },
};
const ROUTE_GUIDE = {
  getFeature: (p: { latitude: number; longitude: number }) => ({
    name: `at ${p.latitude},${p.longitude}`,
    location: p,
  }),
  async *listFeatures() {},
  async recordRoute(points: AsyncIterable<unknown>) {
    let pointCount = 0;
    for await (const _ of points) pointCount++;
    return { pointCount };
  },
  async *routeChat(notes: AsyncIterable<unknown>) {
    yield* notes;
  },
};

/** What the test uses of the installed h2rpc runtime. */
interface RuntimeModule {
  createServer(): TestServer;
}
interface TestServer {
  add(service: unknown, implementation: object): TestServer;
  listen(address: string): Promise<number>;
  forceShutdown(): Promise<void>;
}

beforeAll(ensureBuilt);

describe("an SDK of proto/helloworld and proto/routeguide, packed and installed by a consumer", () => {
  let work: string;
  let sdk: SdkResult;
  let packed: PackResult;
  let consumer: string;
  let compiled: { exitCode: number; output: string };
  let server: TestServer | undefined;
  let port: number;

  beforeAll(async () => {
    if (!existsSync(join(H2RPC_DIR, "dist", "index.d.ts"))) {
      throw new Error("packages/h2rpc is not built: run `npx turbo run build` first (npm test does)");
    }
    work = tempDir();
    sdk = await generateSdk({
      name: SDK_NAME,
      root: join(REPO_DIR, "proto"),
      out: join(work, "sdk"),
      paths: ["helloworld/greeter.proto", "routeguide/route_guide.proto"],
      cwd: work,
    });
    const [sdkTarball, runtimeTarball] = await Promise.all([npmPack(sdk.outDir, work), npmPack(H2RPC_DIR, work)]);
    packed = sdkTarball;
    consumer = join(work, "consumer");
    writeFiles(consumer, CONSUMER_FILES);
    // The runtime comes from its own tarball (it is not on the registry); @bufbuild/protobuf from npm's cache.
    const tarballs = [join(work, sdkTarball.filename), join(work, runtimeTarball.filename)];
    await npm(["install", ...tarballs, "--prefer-offline", "--no-package-lock", "--ignore-scripts"], consumer);
    const typesDir = join(consumer, "node_modules", "@types");
    mkdirSync(typesDir, { recursive: true });
    symlinkSync(findPackageDir("@types/node", [PACKAGE_DIR])!, join(typesDir, "node"), "junction");
    const [node, tsc] = tscCommand();
    compiled = await execFileAsync(node, [tsc!, "-p", consumer], { timeout: 60_000 }).then(
      ({ stdout, stderr }) => ({ exitCode: 0, output: stdout + stderr }),
      (error: { code?: number; stdout?: string; stderr?: string }) => ({
        exitCode: error.code ?? 1,
        output: `${error.stdout ?? ""}${error.stderr ?? ""}`,
      }),
    );
    const installed = (path: string) => pathToFileURL(join(consumer, "node_modules", path)).href;
    const runtime = (await import(installed("h2rpc/dist/index.js"))) as RuntimeModule;
    const services = (await import(installed(`${SDK_NAME}/dist/index.js`))) as Record<string, unknown>;
    server = runtime.createServer().add(services.GreeterService, GREETER).add(services.RouteGuideService, ROUTE_GUIDE);
    port = await server.listen("127.0.0.1:0");
  }, 90_000);

  afterAll(async () => {
    await server?.forceShutdown();
  });

  it("generates both services into modules of their proto packages", () => {
    expect(sdk.services).toEqual(["helloworld.Greeter", "routeguide.RouteGuide"]);
    expect(sdk.modules).toEqual([".", "./helloworld", "./routeguide"]);
    expect(sdk.notes).toEqual([]);
  });

  it("packs package.json, README.md and dist/ only, without server code", () => {
    const files = packed.files.map((f) => f.path).sort();
    expect(files).toContain("package.json");
    expect(files).toContain("README.md");
    expect(files).toContain("dist/index.d.ts");
    expect(files).toContain("dist/packages/routeguide.js");
    expect(files.filter((f) => !f.startsWith("dist/") && f !== "package.json" && f !== "README.md")).toEqual([]);
    const installed = join(consumer, "node_modules", SDK_NAME);
    for (const file of files.filter((f) => f.endsWith(".d.ts"))) {
      expect(readFileSync(join(installed, file), "utf8"), file).not.toMatch(/Server\b/);
    }
    const readme = readFileSync(join(installed, "README.md"), "utf8");
    expect(readme).toContain("- `sayHelloStream`: server streaming, `HelloStreamRequest` → `HelloReply`\n");
    expect(readme).toContain(
      "  Chat at locations: each note is answered with the notes left earlier at the same place.\n",
    );
  });

  it("type-checks and compiles a consumer importing the SDK's clients and types", () => {
    expect(compiled.output).toBe("");
    expect(compiled.exitCode).toBe(0);
  });

  it("calls a running server through the SDK's clients, every call kind", async () => {
    const { stdout } = await execFileAsync(process.execPath, [join(consumer, "dist", "main.js"), String(port)], {
      timeout: 20_000,
    });
    expect(JSON.parse(stdout)).toEqual({
      reply: "Hello, Ada!",
      many: "Hello, Ada and Bo!",
      stream: ["Hello #1, Cy!", "Hello #2, Cy!"],
      chat: ["Hi Di", "Hi Ed"],
      feature: "at 1,2",
    });
  });
});
