import { describe, expect, it } from "vitest";
import { fixtureModel } from "../test-support/fixture-model.js";
import { renderReadme } from "./render-readme.js";
import { README_MARKER } from "./sdk-markers.js";

const model = fixtureModel();
const readme = renderReadme({ name: "@acme/shop-sdk", model, generator: "@h2rpc/codegen 0.1.0" });

describe("renderReadme", () => {
  it("starts with the marker and the package name, and says how to install", () => {
    expect(readme.startsWith(`${README_MARKER}\n# @acme/shop-sdk\n\n`)).toBe(true);
    expect(readme).toContain("(@h2rpc/codegen 0.1.0). Clients only: no server code.");
    expect(readme).toContain("```sh\nnpm install @acme/shop-sdk h2rpc\n```\n");
  });

  it("shows a call of the first service's first unary method", () => {
    expect(readme).toContain(
      "```ts\n" +
        'import { createChannel } from "h2rpc";\n' +
        'import { createLonelyClient } from "@acme/shop-sdk";\n\n' +
        'const client = createLonelyClient(createChannel("localhost:50051"));\n' +
        "const response = await client.ping({ /* Pong */ }, { timeoutMs: 5_000 });\n```\n",
    );
  });

  it("lists the modules, the names left out of the root and the renamed ones", () => {
    expect(readme).toContain(
      "| `@acme/shop-sdk` | the exports of `default-package`, `common.v1`, `shop.v1` (but see below) |\n",
    );
    expect(readme).toContain("| `@acme/shop-sdk/shop.v1` | proto package `shop.v1`: 2 services, 17 exports |\n");
    expect(readme).toContain(
      "| `@acme/shop-sdk/google.protobuf` | proto package `google.protobuf`: 0 services, 18 exports (imported) |\n",
    );
    expect(readme).toContain("- `Item`: `@acme/shop-sdk/common.v1`, `@acme/shop-sdk/shop.v1`\n");
    expect(readme).toContain(
      "- `CatalogServiceClientMessage` in `@acme/shop-sdk/shop.v1`: the message shop.v1.CatalogServiceClient " +
        "(generated as `CatalogServiceClient`)\n",
    );
  });

  it("lists every service and method with kind, request → response types and proto comments", () => {
    expect(readme).toContain(
      "### `shop.v1.CatalogService`\n\nThe catalog of the shop: every kind of call.\n\n" +
        "Comments may say */ without ending the generated doc comment.\n\n" +
        "From `@acme/shop-sdk/shop.v1`: `createCatalogServiceClient(channel, options?)` returns a " +
        "`CatalogServiceClient`; `CatalogService` is the service definition.\n\n" +
        "- `getItem`: unary, `GetItemRequest` → `Item`\n\n  Fetches one item.\n\n" +
        '- `listItems`: server streaming, `ListItemsRequest` → `Item`\n\n  Lists items, one message each, e.g. those matching "shoes/*/red".\n\n' +
        "- `uploadItems`: client streaming, `Item` → `Int64Value` (`@acme/shop-sdk/google.protobuf`)\n\n" +
        "  Uploads items and answers with how many were stored.\n\n" +
        "- `syncVariants`: bidi streaming, `Item_Variant` → `Item_Variant`\n\n  Syncs variants both ways.\n\n" +
        "- `ping`: unary, `Empty` (`@acme/shop-sdk/google.protobuf`) → `Empty` (`@acme/shop-sdk/google.protobuf`)\n",
    );
    expect(readme).toContain("- `compare`: unary, `Item` → `Item` (`@acme/shop-sdk/common.v1`)\n");
    expect(readme).toContain(
      "- `fetchItem`: unary, `GetItemRequest` → `Item` (deprecated)\n\n  Fetches an item the old way.\n",
    );
    expect(readme).toContain(
      "### `shop.v1.LegacyCatalog` (deprecated)\n\nA service that was replaced by CatalogService.\nKept for old clients.\n\n",
    );
    expect(readme).toContain(
      "- `record`: unary, `Item` (`@acme/shop-sdk/shop.v1`) → `Item`\n\n  Maps a shop item to its common id.\n",
    );
    for (const s of model.packages.flatMap((p) => p.services)) {
      for (const m of s.methods) expect(readme).toContain(`- \`${m.key}\`: ${m.kind}, `);
    }
  });

  it("shows the call forms of streaming methods when a service has no unary one", () => {
    const streaming = renderReadme({
      name: "x",
      generator: "g",
      model: {
        ...model,
        packages: model.packages
          .filter((p) => p.module === "shop.v1")
          .map((p) => ({
            ...p,
            services: p.services.map((s) => ({ ...s, methods: s.methods.filter((m) => m.kind === "bidi streaming") })),
          })),
      },
    });
    expect(streaming).toContain(
      'import { createCatalogServiceClient } from "x";\n\n' +
        'const client = createCatalogServiceClient(createChannel("localhost:50051"));\n' +
        "for await (const response of client.syncVariants([{ /* Item_Variant */ }, { /* Item_Variant */ }])) {\n" +
        "  console.log(response);\n}\n",
    );
  });
});
