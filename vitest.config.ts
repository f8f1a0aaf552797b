import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // node-llama-cpp is a native addon: separate processes keep each test file's model memory isolated.
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 180_000,
    hookTimeout: 60_000,
    globalSetup: ["test/global-setup.ts"],
  },
});
