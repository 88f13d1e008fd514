import { defineConfig } from "vitest/config";

/**
 * Tests of this package; the root config runs every package as a project. Many tests run buf,
 * tsc or npm in child processes, which on a loaded machine take longer than vitest's 5 s default.
 */
export default defineConfig({ test: { testTimeout: 30_000, hookTimeout: 60_000 } });
