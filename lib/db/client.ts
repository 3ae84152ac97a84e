import "server-only";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { SQL } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { registerFtsFunctions } from "@/lib/db/fts-text";
import { asyncSqlite } from "@/lib/db/sqlite-async";
import { databaseDialect, isPostgresUrl } from "@/lib/db/dialect";
import { openPostgres, postgresTransaction, type PostgresDb } from "@/lib/db/postgres";
import { stopJobQueue } from "@/lib/db/pg/job-queue";
import * as schema from "@/lib/db/schema";

/**
 * The drizzle handle every query function takes: the database or a transaction on it. Queries are
 * awaited (never `.get()`, `.all()` or `.run()`), so that the same code serves both databases.
 */
export type Db = BaseSQLiteDatabase<"async", Database.RunResult, typeof schema>;

/** Where the committed migrations live (the project root's `drizzle/`). */
export const MIGRATIONS_DIR = path.resolve(process.cwd(), "drizzle");

/**
 * Opens this process's database (see lib/db/dialect.ts) and applies pending migrations: on
 * PostgreSQL `options.url`, by default `DATABASE_URL` (`file` is not used); otherwise the SQLite
 * file `file`, created if needed, in WAL mode with foreign keys (`:memory:` works for tests).
 */
export function openDatabase(file: string, options: { migrate?: boolean; url?: string } = {}): Db {
  if (databaseDialect() === "postgres") {
    const url = options.url ?? process.env.DATABASE_URL;
    if (!isPostgresUrl(url)) throw new Error(`not a PostgreSQL URL: ${url}`);
    return openPostgres(url, options) as unknown as Db;
  }
  return openSqlite(file, options);
}

/** The SQLite database at `file` (see {@link openDatabase}). */
export function openSqlite(file: string, options: { migrate?: boolean } = {}) {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  // Web server, worker and CLI share the file: wait for a writer instead of failing.
  sqlite.pragma("busy_timeout = 10000");
  registerFtsFunctions(sqlite);
  if (options.migrate !== false) migrate(drizzle(sqlite, { schema }), { migrationsFolder: MIGRATIONS_DIR });
  return asyncSqlite(sqlite, schema);
}

/**
 * Runs `fn` in a transaction that takes the write lock at BEGIN (IMMEDIATE), waiting up to the
 * busy timeout for it. A deferred transaction that reads and then writes fails at once with
 * SQLITE_BUSY_SNAPSHOT when another process (web server, worker) committed in between, and the
 * busy timeout cannot help it; every transaction here writes, so every one takes the lock first.
 */
export function writeTransaction<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  if (databaseDialect() === "postgres") return postgresTransaction(db, fn as (tx: unknown) => Promise<T>);
  return db.transaction(fn, { behavior: "immediate" });
}

/** Closes a database handle's connections (the SQLite file, or PostgreSQL's job queue and pool). */
export async function closeDatabase(db: Db): Promise<void> {
  if (databaseDialect() === "postgres") {
    const pg = db as unknown as PostgresDb;
    // Migrations still running hold a connection of their own: let them end first.
    await pg.$migrated.catch(() => undefined);
    await stopJobQueue(db);
    await pg.$pool.end();
  } else (db as unknown as { $client: Database.Database }).$client.close();
}

const handles = new Map<string, Db>();

/** One shared handle per database for long-lived processes (web server, worker). */
export function sharedDatabase(file: string): Db {
  const key = databaseDialect() === "postgres" ? process.env.DATABASE_URL! : file;
  let db = handles.get(key);
  if (!db) {
    db = openDatabase(file);
    handles.set(key, db);
  }
  return db;
}

/**
 * The rows of a query written in SQL, for what the query builder cannot say (full-text search,
 * correlated filters). Use the builder wherever it can.
 */
export async function rawRows<T>(db: Db, query: SQL): Promise<T[]> {
  if (databaseDialect() === "postgres") return (await (db as unknown as PostgresDb).execute(query)).rows as T[];
  return db.all<T>(query);
}
