import "server-only";
import { type SQL, and, desc, eq, inArray, isNull, lt, max, min, sql } from "drizzle-orm";
import { type Db, writeTransaction } from "@/lib/db/client";
import { jobQueue, queueName } from "@/lib/db/pg/job-queue";
import type { JobRow } from "@/lib/db/schema";
import { jobs } from "@/lib/db/tables";

/**
 * The jobs table's side of the pg-boss queue (lib/db/pg/job-queue.ts), on PostgreSQL. One rule
 * holds it together: the row is the truth, and a row that waits for a worker (`queued`) has a live
 * pg-boss job. A pg-boss job whose row is not waiting is dropped when a worker takes it; a row
 * sent back to the queue whose pg-boss job is gone gets a new one.
 */

/** How a worker ends a job it holds, for its pg-boss job. */
export type QueueEnding = "succeeded" | "failed" | "cancelled" | "retry" | "handBack";

/** pg-boss 10 returns how many jobs a command changed, although its types say void. */
type Changed = { affected: number };

/**
 * Sends a new pg-boss job for `row`, not before `startAfter` (ms), and records its id on the row.
 * Call in the transaction that writes the row.
 */
export async function enqueueRow(tx: Db, row: JobRow, startAfter?: number): Promise<JobRow> {
  const boss = await jobQueue(tx, [row.type]);
  const id = await boss.send(
    queueName(row.type),
    { jobId: row.id },
    {
      priority: row.priority,
      // Retries left after the next attempt; pg-boss counts them from here.
      retryLimit: Math.max(0, row.maxAttempts - row.attempts - 1),
      ...(startAfter && startAfter > Date.now() ? { startAfter: new Date(startAfter) } : {}),
    },
  );
  if (!id) throw new Error(`the job queue did not take job ${row.id} (${row.type})`);
  const [queued] = await tx.update(jobs).set({ queueJobId: id }).where(eq(jobs.id, row.id)).returning();
  return queued;
}

/**
 * Ends `job`'s pg-boss job as its worker ended the row (`job` as the worker took it), in the
 * transaction that wrote the row: complete, cancel, or fail (pg-boss then retries it after its
 * backoff while retries are left). A job sent back whose pg-boss job is gone (a `retry` of one
 * taken by id, as `cli ingest` does) or that must not spend a retry (`handBack`) gets a new one.
 */
export async function endQueueEntry(tx: Db, job: JobRow, ending: QueueEnding, error?: string): Promise<void> {
  const back = ending === "retry" || ending === "handBack";
  /** Whether the pg-boss job waits for a worker again (pg-boss retries it). */
  let waits = false;
  if (job.queueJobId) {
    const [boss, name, id] = [await jobQueue(tx, [job.type]), queueName(job.type), job.queueJobId];
    const completed = ending === "succeeded" && ((await boss.complete(name, id)) as unknown as Changed).affected;
    // Not active (the job was run by id): cancelled, so that no worker takes it later.
    if (ending === "cancelled" || ending === "handBack" || (ending === "succeeded" && !completed))
      await boss.cancel(name, id);
    if (ending === "failed" || ending === "retry")
      waits = ((await boss.fail(name, id, { message: error ?? "failed" })) as unknown as Changed).affected > 0;
  }
  if (!back || (ending === "retry" && waits)) return;
  const [row] = await tx.select().from(jobs).where(eq(jobs.id, job.id));
  if (row?.status === "queued") await enqueueRow(tx, row, row.runAfter);
}

/**
 * Takes the next job of `types` from pg-boss and leases its row to `owner`, in one transaction
 * (a worker killed in between leaves both as they were): the queues in the order of their oldest
 * waiting row (priority first), each queue in pg-boss's order (priority, then age). Undefined
 * when no queue has a job ready.
 */
export async function takeQueuedJob(
  db: Db,
  owner: string,
  leaseMs: number,
  types: string[],
): Promise<JobRow | undefined> {
  // Only queues with a waiting row are asked: an idle worker's poll takes no write lock.
  const waiting = await db
    .select({ type: jobs.type })
    .from(jobs)
    .where(and(eq(jobs.status, "queued"), inArray(jobs.type, types)))
    .groupBy(jobs.type)
    .orderBy(desc(max(jobs.priority)), min(jobs.id));
  for (const { type } of waiting) {
    // Repeated while it drops pg-boss jobs whose row is not waiting.
    for (;;) {
      const taken = await writeTransaction(db, async (tx) => {
        const boss = await jobQueue(tx, [type]);
        const [entry] = await boss.fetch<{ jobId: number }>(queueName(type));
        if (!entry) return null;
        const now = Date.now();
        const [job] = await tx
          .update(jobs)
          .set({
            status: "running",
            leaseOwner: owner,
            leaseExpiresAt: now + leaseMs,
            queueJobId: entry.id,
            attempts: sql`${jobs.attempts} + 1`,
            startedAt: sql`coalesce(${jobs.startedAt}, ${now})`,
            updatedAt: now,
          })
          .where(and(eq(jobs.id, entry.data.jobId), eq(jobs.status, "queued")))
          .returning();
        // Its row ended, or a worker holds it (taken by id): not a job to run.
        if (!job) await boss.cancel(queueName(type), entry.id);
        return job;
      });
      if (taken === null) break;
      if (taken) return taken;
    }
  }
  return undefined;
}

/**
 * Sends back to the queue the running jobs of `types` whose lease ran out (their worker died or
 * stopped answering) and that may run again (attempts left, no cancel asked; the others are
 * ended by `settleAbandonedJobs`): the row waits again, and its pg-boss job fails, so that pg-boss
 * retries it after its backoff. Returns how many it sent back.
 */
export function requeueExpiredLeases(db: Db, types: string[]): Promise<number> {
  const expired = and(
    eq(jobs.status, "running"),
    lt(jobs.leaseExpiresAt, Date.now()),
    inArray(jobs.type, types),
    lt(jobs.attempts, jobs.maxAttempts),
    eq(jobs.cancelRequested, false),
  );
  return eachMatchingRow(db, expired, async (tx, row) => {
    await tx
      .update(jobs)
      .set({
        status: "queued",
        leaseOwner: null,
        leaseExpiresAt: null,
        updatedAt: Date.now(),
        message: "its worker stopped answering; waiting for another worker",
      })
      .where(eq(jobs.id, row.id));
    await endQueueEntry(tx, row, "retry", "its worker stopped answering (lease expired)");
  });
}

/**
 * Gives a pg-boss job to each waiting row of `types` that has none: rows queued before the
 * database's jobs went through pg-boss. A worker does this once, at its start. Returns how many.
 */
export function enqueueOrphans(db: Db, types: string[]): Promise<number> {
  const orphan = and(eq(jobs.status, "queued"), isNull(jobs.queueJobId), inArray(jobs.type, types));
  return eachMatchingRow(db, orphan, async (tx, row) => void (await enqueueRow(tx, row, row.runAfter)));
}

/**
 * Calls `fn` on each row that matches `where`, each in a write transaction of its own that reads
 * the row again and skips it when it no longer matches (another worker got there first).
 * Returns on how many rows it called `fn`.
 */
async function eachMatchingRow(db: Db, where: SQL | undefined, fn: (tx: Db, row: JobRow) => Promise<void>) {
  let count = 0;
  for (const { id } of await db.select({ id: jobs.id }).from(jobs).where(where)) {
    await writeTransaction(db, async (tx) => {
      const [row] = await tx
        .select()
        .from(jobs)
        .where(and(eq(jobs.id, id), where));
      if (!row) return;
      await fn(tx, row);
      count++;
    });
  }
  return count;
}
