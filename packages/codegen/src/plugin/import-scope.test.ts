import { describe, expect, it } from "vitest";
import { createImportScope } from "./import-scope.js";

describe("createImportScope", () => {
  it("keeps names when free and aliases clashes with name$n", () => {
    const scope = createImportScope();
    expect(scope.use({ name: "Item", from: "./catalog.js" })).toBe("Item");
    expect(scope.use({ name: "Item", from: "../common/types.js" })).toBe("Item$1");
    expect(scope.use({ name: "Item", from: "./catalog.js" })).toBe("Item");
    expect(scope.render()).toBe(
      'import { Item as Item$1 } from "../common/types.js";\nimport { Item } from "./catalog.js";\n',
    );
  });

  it("never lets an import shadow a declaration, a global or a preferred import", () => {
    const scope = createImportScope({ globals: ["Promise"], preferred: [{ name: "Channel", from: "h2rpc" }] });
    scope.declare("GreeterClient");
    expect(scope.use({ name: "GreeterClient", from: "./a.js" })).toBe("GreeterClient$1");
    expect(scope.use({ name: "Promise", from: "./a.js" })).toBe("Promise$1");
    expect(scope.use({ name: "Channel", from: "./a.js" })).toBe("Channel$1");
    expect(scope.use({ name: "Channel", from: "h2rpc" }, true)).toBe("Channel");
  });

  it("prints only used imports, bare modules first, type-only ones with import type", () => {
    const scope = createImportScope({
      preferred: [
        { name: "CallOptions", from: "h2rpc" },
        { name: "RequestStream", from: "h2rpc" },
        { name: "createClient", from: "h2rpc" },
      ],
    });
    scope.use({ name: "B", from: "./b.js" });
    scope.use({ name: "createClient", from: "h2rpc" });
    scope.use({ name: "CallOptions", from: "h2rpc" }, true);
    expect(scope.render()).toBe(
      'import type { CallOptions } from "h2rpc";\nimport { createClient } from "h2rpc";\nimport { B } from "./b.js";\n',
    );
  });

  it("imports a name as a value once any use needs the value", () => {
    const scope = createImportScope();
    scope.use({ name: "A", from: "./a.js" }, true);
    scope.use({ name: "A", from: "./a.js" }, false);
    expect(scope.render()).toBe('import { A } from "./a.js";\n');
  });

  it("rejects a declaration twice", () => {
    const scope = createImportScope();
    scope.declare("X");
    expect(() => scope.declare("X")).toThrow("the name X is declared twice");
  });
});
