import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { closeDatabase, openDatabase } from "@/lib/db/client";
import { databaseDialect } from "@/lib/db/dialect";
import { dropPostgresDatabase } from "@/lib/db/postgres";
import { postgresDatabaseUrl } from "@/tests/helpers/postgres-test";

let made = 0;

/**
 * A throwaway data folder with a migrated database of its own: a SQLite file in the folder or,
 * under `npm run test:pg`, a new PostgreSQL database. `env` is what a process started on it needs
 * (COGNATE_DATA_DIR, and DATABASE_URL on PostgreSQL); `cleanup()` closes the database and removes both.
 */
export function tempDatabase() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cognate-test-"));
  const dbPath = path.join(dir, "cognate.db");
  const url =
    databaseDialect() === "postgres"
      ? postgresDatabaseUrl(`${new URL(process.env.DATABASE_URL!).pathname.slice(1)}_${++made}`)
      : undefined;
  const db = openDatabase(dbPath, { url });
  return {
    dir,
    dbPath,
    db,
    env: { COGNATE_DATA_DIR: dir, ...(url ? { DATABASE_URL: url } : {}) },
    async cleanup(): Promise<void> {
      await closeDatabase(db);
      if (url) await dropPostgresDatabase(url);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
