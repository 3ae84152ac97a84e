/**
 * Which database this process uses: PostgreSQL when `DATABASE_URL` is a `postgres://` URL,
 * otherwise the embedded SQLite file (`COGNATE_DB`, by default `<data dir>/cognate.db`). Read once,
 * at start: the query functions' tables (lib/db/tables.ts) are chosen by it.
 */
export type Dialect = "sqlite" | "postgres";

export function isPostgresUrl(url: string | undefined): url is string {
  return !!url && /^postgres(ql)?:\/\//i.test(url);
}

export function databaseDialect(env: NodeJS.ProcessEnv = process.env): Dialect {
  return isPostgresUrl(env.DATABASE_URL) ? "postgres" : "sqlite";
}

/** The database this process uses, for logs: PostgreSQL's host and database (never the password), or the SQLite file. */
export function databaseLabel(file: string, env: NodeJS.ProcessEnv = process.env): string {
  if (!isPostgresUrl(env.DATABASE_URL)) return file;
  const url = new URL(env.DATABASE_URL);
  return `PostgreSQL ${url.host}${url.pathname}`;
}
