import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { closeDatabase, openDatabase, rawRows, writeTransaction } from "@/lib/db/client";
import { databaseDialect } from "@/lib/db/dialect";
import { jobQueue } from "@/lib/db/pg/job-queue";
import { getJob, insertJob, requestCancel } from "@/lib/db/queries/jobs";
import { takeQueuedJob } from "@/lib/db/queries/job-queue-pg";
import { jobs } from "@/lib/db/tables";
import type { HandlerRegistry } from "@/lib/jobs/job-handler";
import { runLeasedJob } from "@/lib/jobs/job-runner";
import { runWorkerLoop } from "@/lib/jobs/worker-loop";
import { tempDatabase } from "@/tests/helpers/temp-db";
import { waitFor } from "@/tests/helpers/wait-for";

// The pg-boss queue exists on PostgreSQL only (`npm run test:pg`); SQLite's queue is the jobs table.
const onPostgres = databaseDialect() === "postgres";

let t: ReturnType<typeof tempDatabase>;
beforeEach(() => {
  if (onPostgres) t = tempDatabase();
});
afterEach(async () => {
  if (onPostgres) await t.cleanup();
});

interface BossJob {
  name: string;
  state: string;
  retry_count: number;
  data: { jobId: number };
}

/** pg-boss's own record of the jobs for Cognate job `jobId`, oldest first. */
const bossJobs = (jobId: number) =>
  rawRows<BossJob>(
    t.db,
    sql`select name, state, retry_count, data from pgboss.job where (data->>'jobId')::int = ${jobId} order by created_on`,
  );

/** Runs a worker loop on `handlers` until `done` holds, then stops it. */
async function workUntil(handlers: HandlerRegistry, what: string, done: () => Promise<boolean>, owner = "w") {
  const stop = new AbortController();
  const loop = runWorkerLoop(t.db, { handlers, leaseMs: 1000, pollMs: 20, signal: stop.signal, owner });
  try {
    await waitFor(what, done, 20_000);
  } finally {
    stop.abort();
    await loop;
  }
}

const succeeding = (runs: string[] = []): HandlerRegistry => ({
  test: {
    parsePayload: (raw) => raw,
    async run(ctx) {
      runs.push(`${ctx.job.id}@${ctx.job.attempts}`);
    },
  },
});

describe.skipIf(!onPostgres)("the pg-boss job queue", () => {
  it("gives each job a pg-boss job in its type's queue, in the same transaction as its row", async () => {
    const job = await insertJob(t.db, { type: "test", payload: {}, title: "t" });
    expect(await bossJobs(job.id)).toMatchObject([{ name: "cognate_test", state: "created" }]);
    expect((await bossJobs(job.id)).length).toBe(1);

    const rolledBack = writeTransaction(t.db, async (tx) => {
      await insertJob(tx, { type: "test", payload: {}, title: "never" });
      throw new Error("rollback");
    });
    await expect(rolledBack).rejects.toThrow("rollback");
    const rows = await rawRows<{ n: number }>(t.db, sql`select count(*)::int as n from pgboss.job`);
    expect(rows[0].n).toBe(1);
  });

  it("hands jobs out by kind, each to one worker", async () => {
    const a = await insertJob(t.db, { type: "test", payload: {}, title: "a" });
    const b = await insertJob(t.db, { type: "test", payload: {}, title: "b" });
    const other = await insertJob(t.db, { type: "other", payload: {}, title: "o" });
    const taken = await Promise.all(["w1", "w2", "w3"].map((w) => takeQueuedJob(t.db, w, 60_000, ["test"])));
    const [first, second] = taken.filter((job) => job !== undefined);
    expect(taken.filter((job) => job === undefined)).toHaveLength(1);
    expect([first.id, second.id].sort()).toEqual([a.id, b.id]);
    expect(new Set([first.leaseOwner, second.leaseOwner]).size).toBe(2);
    expect(await getJob(t.db, other.id)).toMatchObject({ status: "queued" });
    expect((await bossJobs(a.id))[0].state).toBe("active");

    const runs: string[] = [];
    expect(await runLeasedJob(t.db, first, succeeding(runs), { owner: first.leaseOwner!, leaseMs: 60_000 })).toBe(
      "succeeded",
    );
    expect((await bossJobs(first.id))[0].state).toBe("completed");
  });

  it("retries a failing job through pg-boss with backoff, then fails it there too, cleaned up once", async () => {
    const job = await insertJob(t.db, { type: "test", payload: {}, title: "t", maxAttempts: 2 });
    const cleanups: string[] = [];
    const handlers: HandlerRegistry = {
      test: {
        parsePayload: (raw) => raw,
        async run() {
          throw new Error("always fails");
        },
        cleanup: async (_db, _payload, reason) => void cleanups.push(reason),
      },
    };
    let queuedBetween = false;
    await workUntil(handlers, "the job to fail", async () => {
      const row = (await getJob(t.db, job.id))!;
      if (row.status === "queued" && row.attempts === 1) queuedBetween = true;
      return row.status === "failed";
    });
    expect(queuedBetween).toBe(true);
    expect(await getJob(t.db, job.id)).toMatchObject({ status: "failed", attempts: 2, error: "always fails" });
    expect(cleanups).toEqual(["failed"]);
    expect(await bossJobs(job.id)).toMatchObject([{ name: "cognate_test", state: "failed", retry_count: 1 }]);
  });

  it("cancels a queued job's pg-boss job, and no worker runs it", async () => {
    const job = await insertJob(t.db, { type: "test", payload: {}, title: "t" });
    await requestCancel(t.db, job.id);
    expect(await bossJobs(job.id)).toMatchObject([{ state: "cancelled" }]);
    expect(await takeQueuedJob(t.db, "w", 60_000, ["test"])).toBeUndefined();
  });

  it("gives the job of a worker that stopped answering to another, which runs it to the end", async () => {
    const job = await insertJob(t.db, { type: "test", payload: {}, title: "t" });
    const taken = (await takeQueuedJob(t.db, "dead", 60_000, ["test"]))!;
    expect(taken).toMatchObject({ id: job.id, attempts: 1, leaseOwner: "dead" });
    // What kill -9 leaves: the row still running under the dead worker, its lease run out.
    await t.db.update(jobs).set({ leaseExpiresAt: 0 }).where(eq(jobs.id, job.id));
    const runs: string[] = [];
    await workUntil(succeeding(runs), "another worker to finish the job", async () => {
      return (await getJob(t.db, job.id))!.status === "succeeded";
    });
    expect(runs).toEqual([`${job.id}@2`]);
    expect(await bossJobs(job.id)).toMatchObject([{ state: "completed", retry_count: 1 }]);
  });

  it("a cancel asked of a dead worker's job ends it cancelled, with cleanup, without running it", async () => {
    const job = await insertJob(t.db, { type: "test", payload: {}, title: "t" });
    await takeQueuedJob(t.db, "dead", 60_000, ["test"]);
    await requestCancel(t.db, job.id);
    await t.db.update(jobs).set({ leaseExpiresAt: 0 }).where(eq(jobs.id, job.id));
    const cleanups: string[] = [];
    const handlers: HandlerRegistry = {
      test: { ...succeeding().test, cleanup: async (_db, _payload, reason) => void cleanups.push(reason) },
    };
    await workUntil(handlers, "the job to be cancelled", async () => {
      return (await getJob(t.db, job.id))!.status === "cancelled";
    });
    expect(cleanups).toEqual(["cancelled"]);
    expect(await getJob(t.db, job.id)).toMatchObject({ attempts: 1, leaseOwner: null });
  });

  it("a job handed back at shutdown gets a new pg-boss job and keeps its attempts", async () => {
    const job = await insertJob(t.db, { type: "test", payload: {}, title: "t" });
    const taken = (await takeQueuedJob(t.db, "w", 60_000, ["test"]))!;
    const shutdown = new AbortController();
    const handlers: HandlerRegistry = {
      test: {
        parsePayload: (raw) => raw,
        async run(ctx) {
          shutdown.abort();
          await new Promise((r) => setTimeout(r, 50));
          ctx.throwIfStopped();
        },
      },
    };
    expect(await runLeasedJob(t.db, taken, handlers, { owner: "w", leaseMs: 60_000, shutdown: shutdown.signal })).toBe(
      "queued",
    );
    const row = (await getJob(t.db, job.id))!;
    expect(row).toMatchObject({ status: "queued", attempts: 0 });
    expect(row.queueJobId).not.toBe(taken.queueJobId);
    expect((await bossJobs(job.id)).map((j) => j.state)).toEqual(["cancelled", "created"]);
    expect(await takeQueuedJob(t.db, "w2", 60_000, ["test"])).toMatchObject({ id: job.id, attempts: 1 });
  });

  it("a worker gives waiting rows from before pg-boss a pg-boss job, and runs them", async () => {
    const [row] = await t.db.insert(jobs).values({ type: "test", title: "old", payload: {} }).returning();
    expect(row.queueJobId).toBeNull();
    const runs: string[] = [];
    await workUntil(succeeding(runs), "the old job to run", async () => {
      return (await getJob(t.db, row.id))!.status === "succeeded";
    });
    expect(runs).toEqual([`${row.id}@1`]);
    expect(await bossJobs(row.id)).toMatchObject([{ name: "cognate_test", state: "completed" }]);
  });

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
