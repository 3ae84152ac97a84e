import path from "node:path";
import { defineConfig } from "vitest/config";

/** lib/db and lib/jobs `import "server-only"`: tests load them through Vite, where this alias gives its empty entry. */
const serverOnly = path.resolve(import.meta.dirname, "node_modules/server-only/empty.js");

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname), "server-only": serverOnly } },
  test: {
    include: ["tests/e2e/**/*.test.ts"],
    globalSetup: ["tests/e2e/global-setup.ts"],
    environment: "node",
    testTimeout: 180_000,
    hookTimeout: 600_000,
    fileParallelism: false,
    pool: "forks",
  },
});
