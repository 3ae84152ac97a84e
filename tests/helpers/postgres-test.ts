import { randomBytes } from "node:crypto";
import { afterAll } from "vitest";
import { isPostgresUrl } from "@/lib/db/dialect";
import { dropPostgresDatabase } from "@/lib/db/postgres";

/**
 * Under `npm run test:pg` (DATABASE_URL set to the server, vitest.pg.config.ts), each test file
 * gets a database of its own, created on first use and dropped after the file, so that files
 * running side by side never see each other's rows. A setup file: it runs before the test file is
 * imported, so the app's modules read this file's DATABASE_URL.
 */
if (isPostgresUrl(process.env.DATABASE_URL)) {
  process.env.COGNATE_TEST_PG_SERVER ??= process.env.DATABASE_URL;
  const url = postgresDatabaseUrl(`cognate_test_${process.pid}_${randomBytes(4).toString("hex")}`);
  process.env.DATABASE_URL = url;
  afterAll(() => dropPostgresDatabase(url));
}

/** The URL of database `name` on the test server. */
export function postgresDatabaseUrl(name: string): string {
  const url = new URL(process.env.COGNATE_TEST_PG_SERVER ?? process.env.DATABASE_URL!);
  url.pathname = `/${name}`;
  return url.toString();
}
