import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeDatabase, openDatabase } from "@/lib/db/client";
import { databaseDialect } from "@/lib/db/dialect";
import { jobQueue } from "@/lib/db/pg/job-queue";
import { tempDatabase } from "@/tests/helpers/temp-db";

// The pg-boss queue exists on PostgreSQL only (`npm run test:pg`).
const onPostgres = databaseDialect() === "postgres";

let t: ReturnType<typeof tempDatabase>;
beforeEach(() => {
  if (onPostgres) t = tempDatabase();
});
afterEach(async () => {
  if (onPostgres) await t.cleanup();
});

describe.skipIf(!onPostgres)("starting the pg-boss queue", () => {
  it("creates the queues of processes starting together without a deadlock", async () => {
    // Four handles with pools of their own, as four processes (web servers, workers) would have.
    const handles = [t.db, ...Array.from({ length: 3 }, () => openDatabase("", { url: t.env.DATABASE_URL }))];
    try {
      const types = (p: number) => Array.from({ length: 6 }, (_, i) => `type${(p * 3 + i) % 9}`);
      await Promise.all(handles.map((db, p) => jobQueue(db, types(p))));
      const queues = await (await jobQueue(t.db, [])).getQueues();
      expect(queues.map((q) => q.name).sort()).toEqual(Array.from({ length: 9 }, (_, i) => `cognate_type${i}`));
    } finally {
      await Promise.all(handles.slice(1).map((db) => closeDatabase(db)));
    }
  });
});
