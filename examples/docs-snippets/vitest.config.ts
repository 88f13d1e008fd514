import { defineConfig } from "vitest/config";

/** Tests of this package; the root config runs every package as a project. */
export default defineConfig({ test: {} });
