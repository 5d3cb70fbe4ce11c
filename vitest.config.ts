import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Each file gets its own users (and, for rules tests, its own demo-* project id),
    // so files run in parallel without wiping each other.
    fileParallelism: true,
    maxWorkers: 1,
  },
});
