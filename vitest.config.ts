import path from "node:path";
import { defineConfig } from "vitest/config";

/**
 * lib/db, lib/jobs and the stage services `import "server-only"`, which throws outside React's
 * `react-server` condition (it is what keeps them out of browser bundles). Tests load them
 * through Vite, where the alias gives the package's empty entry; the workers and the CLI that
 * tests start get the condition from tests/helpers/server-condition.ts.
 */
const serverOnly = path.resolve(import.meta.dirname, "node_modules/server-only/empty.js");

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname), "server-only": serverOnly } },
  test: {
    include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    setupFiles: ["tests/helpers/server-condition.ts"],
    // Uploads in tests get no automatic model (no download, no scratch training) unless a test names one.
    // SQLite here whatever the shell's DATABASE_URL (npm run test:pg runs the database tests on PostgreSQL).
    env: { COGNATE_BASE_MODEL: "none", DATABASE_URL: "" },
  },
});
