import "server-only";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { registerFtsFunctions } from "@/lib/db/fts-text";
import * as schema from "@/lib/db/schema";

/** The drizzle handle every query function takes: the database or a transaction on it. */
export type Db = BaseSQLiteDatabase<"sync", Database.RunResult, typeof schema>;

/** Where the committed migrations live (the project root's `drizzle/`). */
export const MIGRATIONS_DIR = path.resolve(process.cwd(), "drizzle");

/**
 * Opens (creating if needed) the SQLite database at `file`, sets WAL mode and foreign keys,
 * and applies pending migrations. `:memory:` works for tests.
 */
export function openDatabase(file: string, options: { migrate?: boolean } = {}) {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  // Web server, worker and CLI share the file: wait for a writer instead of failing.
  sqlite.pragma("busy_timeout = 10000");
  registerFtsFunctions(sqlite);
  const db = drizzle(sqlite, { schema });
  if (options.migrate !== false) migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  return db;
}

/**
 * Runs `fn` in a transaction that takes the write lock at BEGIN (IMMEDIATE), waiting up to the
 * busy timeout for it. A deferred transaction that reads and then writes fails at once with
 * SQLITE_BUSY_SNAPSHOT when another process (web server, worker) committed in between, and the
 * busy timeout cannot help it; every transaction here writes, so every one takes the lock first.
 */
export function writeTransaction<T>(db: Db, fn: (tx: Db) => T): T {
  return db.transaction(fn, { behavior: "immediate" });
}

const handles = new Map<string, Db>();

/** One shared handle per database file for long-lived processes (web server, worker). */
export function sharedDatabase(file: string): Db {
  let db = handles.get(file);
  if (!db) {
    db = openDatabase(file);
    handles.set(file, db);
  }
  return db;
}
