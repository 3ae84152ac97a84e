import { defineConfig } from "vitest/config";
import base from "./vitest.config";

/**
 * The database-backed tests again, on PostgreSQL (`npm run test:pg`): DATABASE_URL names the
 * server, and tests/helpers/postgres-test.ts gives each test file a database of its own. Tests of
 * what only SQLite has (its pragmas and JSON text, better-sqlite3's statements and write lock)
 * stay SQLite's, and unit tests that never open a database are not run again.
 */
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: [
      "tests/integration/**/*.test.ts",
      "tests/unit/auth/password-hash.test.ts",
      "tests/unit/cluster/cluster-service.test.ts",
      "tests/unit/ingest/formats/upload-parsers.fuzz.test.ts",
      "tests/unit/jobs/training-history-recorder.test.ts",
    ],
    exclude: [
      "tests/integration/db/migrations.test.ts",
      "tests/integration/db/json-columns.test.ts",
      "tests/integration/db/prepared-queries.test.ts",
      "tests/integration/jobs/heartbeat-failures.test.ts",
    ],
    setupFiles: [...(base.test?.setupFiles as string[]), "tests/helpers/postgres-test.ts"],
    globalSetup: ["tests/helpers/postgres-test-teardown.ts"],
    // The server to make the databases on (COGNATE_TEST_DATABASE_URL; by default the local one).
    env: {
      ...base.test?.env,
      DATABASE_URL: process.env.COGNATE_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
    },
  },
});
