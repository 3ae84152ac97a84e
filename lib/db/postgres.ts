import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import path from "node:path";
import pg from "pg";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import * as schema from "@/lib/db/pg/schema";

/** Where PostgreSQL's committed migrations live (`drizzle/pg/`). */
export const PG_MIGRATIONS_DIR = path.resolve(process.cwd(), "drizzle", "pg");

/** Any number: one lock key that every Cognate process takes while it migrates. */
const MIGRATION_LOCK = 7_203_114;

/**
 * The lock every write transaction holds until it ends, so that write transactions run one at a
 * time across all processes, as SQLite's BEGIN IMMEDIATE makes them: a transaction that reads
 * and then writes (the last admin must stay, a job is leased once) sees no other write in
 * between. Reads outside transactions run alongside. Write transactions here are short.
 */
const WRITE_LOCK = 7_203_115;

/** The URL of the same server's maintenance database (`postgres`), and the database `url` names. */
function maintenance(url: string): { url: string; name: string } {
  const parsed = new URL(url);
  const name = decodeURIComponent(parsed.pathname.slice(1));
  parsed.pathname = "/postgres";
  return { url: parsed.toString(), name };
}

/**
 * A connection to the database at `url`, creating the database first when the server has none of
 * that name (PostgreSQL's error 3D000): the first start needs no `createdb`, as SQLite's file
 * is created on first start.
 */
async function connectCreating(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    return client;
  } catch (err) {
    if ((err as { code?: string }).code !== "3D000") throw err;
  }
  const { url: admin, name } = maintenance(url);
  const server = new pg.Client({ connectionString: admin });
  await server.connect();
  try {
    await server.query(`create database ${pg.escapeIdentifier(name)}`);
  } catch (err) {
    // Another process created it meanwhile: 42P04, or 23505 when both got past the name check at once.
    const code = (err as { code?: string }).code;
    if (code !== "42P04" && code !== "23505") throw err;
  } finally {
    await server.end();
  }
  const created = new pg.Client({ connectionString: url });
  await created.connect();
  return created;
}

/** Drops the database `url` names, ending its connections (tests' throwaway databases). */
export async function dropPostgresDatabase(url: string): Promise<void> {
  const { url: admin, name } = maintenance(url);
  const server = new pg.Client({ connectionString: admin });
  await server.connect();
  try {
    await server.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
  } finally {
    await server.end();
  }
}

/**
 * Applies pending migrations on a connection of its own, holding an advisory lock, so that a web
 * server and workers starting together migrate once, one after another.
 */
async function migrateOnce(url: string): Promise<void> {
  const client = await connectCreating(url);
  try {
    await client.query("set client_min_messages = warning");
    await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await migrate(drizzle(client, { schema }), { migrationsFolder: PG_MIGRATIONS_DIR });
  } finally {
    await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => undefined);
    await client.end();
  }
}

/** What drizzle's database and transaction handles have in common here. */
interface Transactional {
  transaction<T>(body: (tx: Transactional) => Promise<T>): Promise<T>;
}

/** The transaction open in an async context: its pool, drizzle handle and connection. */
interface OpenTransaction {
  pool: pg.Pool;
  tx: Transactional;
  client: pg.PoolClient;
}

const ambient = new AsyncLocalStorage<OpenTransaction>();

/**
 * The pool under the drizzle handle, changed in two ways so that the same code behaves on
 * PostgreSQL as on SQLite's gated connection (lib/db/sqlite-async.ts):
 * - every statement made in the async context of an open transaction runs in that transaction,
 *   whether it was made through the transaction's `tx` or through the database handle (on a
 *   second pooled connection it would not see the transaction's rows and could wait on its locks);
 * - nothing runs before the migrations are applied.
 */
function cognatePool(url: string, max: number, ready: () => Promise<void>) {
  const pool = new pg.Pool({ connectionString: url, max });
  const migrated = ready();
  // Rejections reach every query; this only keeps an unused handle from crashing the process.
  migrated.catch(() => undefined);
  const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
  const connect = pool.connect.bind(pool) as (...args: unknown[]) => Promise<pg.PoolClient> | undefined;
  // drizzle uses the promise forms only.
  pool.query = ((...args: unknown[]) => {
    const open = ambient.getStore();
    const client = open?.pool === pool ? open.client : undefined;
    if (client) return (client.query as (...a: unknown[]) => Promise<unknown>)(...args);
    return migrated.then(() => query(...args));
  }) as typeof pool.query;
  // The pool's own query() connects with a callback, after the migrations (above): leave that form alone.
  pool.connect = ((...args: unknown[]) =>
    args.length ? connect(...args) : migrated.then(() => connect())) as typeof pool.connect;
  // An idle client's error (the server restarted) must not end the process; the next query reconnects.
  pool.on("error", (err) => console.error(`postgres: idle connection error: ${err.message}`));
  return { pool, migrated };
}

/**
 * Runs `fn` outside any open transaction's async context: what it starts (timers, background
 * work, such as the job queue's maintenance) must not inherit a transaction that will have ended.
 */
export function outsideTransaction<T>(fn: () => T): T {
  return ambient.exit(fn);
}

/** Whether the calling async context is in a transaction opened on `pool`. */
export function inTransactionOn(pool: pg.Pool): boolean {
  return ambient.getStore()?.pool === pool;
}

/** The pool under `db`: the database handle's, or, for a transaction's handle, its database's. */
export function poolOf(db: unknown): pg.Pool {
  const pool = (db as Partial<PostgresDb>).$pool ?? ambient.getStore()?.pool;
  if (!pool) throw new Error("poolOf: not a PostgreSQL database handle, nor inside one's transaction");
  return pool;
}

/** A drizzle database on PostgreSQL at `url`, migrated before its first statement. */
export function openPostgres(url: string, options: { migrate?: boolean; max?: number } = {}) {
  const { pool, migrated } = cognatePool(url, options.max ?? 10, () =>
    options.migrate === false ? Promise.resolve() : migrateOnce(url),
  );
  return Object.assign(drizzle(pool, { schema }), { $pool: pool, $migrated: migrated });
}

export type PostgresDb = ReturnType<typeof openPostgres>;

/**
 * Runs `body` in a write transaction (holding the write lock above) or, inside one, a savepoint,
 * with every statement of its async context routed to it (see {@link cognatePool}).
 */
export function postgresTransaction<T>(db: unknown, body: (tx: unknown) => Promise<T>): Promise<T> {
  const open = ambient.getStore();
  // Inside an open transaction, a savepoint of it (drizzle's nested transaction) on its connection.
  const runner = open?.tx ?? (db as Transactional);
  const pool = open?.pool ?? (db as PostgresDb).$pool;
  return runner.transaction(async (tx) => {
    const client = (tx as unknown as { session: { client: pg.PoolClient } }).session.client;
    if (!open) await client.query("select pg_advisory_xact_lock($1)", [WRITE_LOCK]);
    return ambient.run({ pool, tx, client }, () => body(tx));
  });
}
