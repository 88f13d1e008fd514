import { defineConfig } from "vitest/config";

// `npm test` runs every package's and example's tests in one vitest run.
export default defineConfig({
  test: {
    projects: ["packages/*", "examples/*"],
  },
});
