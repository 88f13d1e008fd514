/**
 * The SDK's tsconfig.json, with which `h2rpc generate --sdk` compiles `src/` to `dist/` (ES2022
 * JavaScript and declarations for Node's ESM resolution); `npx tsc -p .` rebuilds with it. It
 * needs no type packages: the generated code uses no Node APIs, and the DOM library declares
 * the `atob` / `btoa` of ts-proto's bytes code (Node has them too).
 */
export function renderTsconfig(): string {
  const compilerOptions = {
    target: "ES2022",
    lib: ["ES2023", "DOM"],
    module: "NodeNext",
    moduleResolution: "NodeNext",
    types: [],
    strict: true,
    verbatimModuleSyntax: true,
    isolatedModules: true,
    declaration: true,
    skipLibCheck: true,
    rootDir: "src",
    outDir: "dist",
  };
  return `${JSON.stringify({ compilerOptions, include: ["src"] }, null, 2)}\n`;
}
