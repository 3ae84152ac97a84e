import pg from "pg";
import { processAlive } from "@/lib/core/process-alive";

/**
 * Global setup of `npm run test:pg`: after the run, drops the test databases (cognate_test_<pid>_...,
 * tests/helpers/postgres-test.ts) whose test process is gone, so that a file that ended before its
 * own cleanup leaves nothing on the server. Databases of a run still going beside this one stay.
 */
export default function setup() {
  return async () => {
    const server = new pg.Client({
      connectionString: process.env.COGNATE_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
    });
    await server.connect();
    try {
      const { rows } = await server.query<{ datname: string }>(
        "select datname from pg_database where datname like 'cognate\\_test\\_%'",
      );
      for (const { datname } of rows) {
        const pid = Number(/^cognate_test_(\d+)_/.exec(datname)?.[1]);
        if (pid && !processAlive(pid))
          await server.query(`drop database if exists ${pg.escapeIdentifier(datname)} with (force)`);
      }
    } finally {
      await server.end();
    }
  };
}
