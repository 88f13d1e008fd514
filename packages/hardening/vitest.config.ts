import { defineConfig } from "vitest/config";

/**
 * Tests of this package; the root config runs every package as a project. Network tests get room for a
 * busy 2-core machine; every wait inside them is bounded on its own.
 */
export default defineConfig({ test: { testTimeout: 20_000 } });
