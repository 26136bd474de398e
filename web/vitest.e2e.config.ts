import { defineConfig } from "vitest/config";

// Browser tests: node environment, one file at a time, generous timeouts for a real browser.
export default defineConfig({
  test: {
    include: ["e2e/**/*.e2e.ts"],
    environment: "node",
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
