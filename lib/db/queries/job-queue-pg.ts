import "server-only";
import { type SQL, and, desc, eq, inArray, isNull, lt, max, min, sql } from "drizzle-orm";
import { type Db, writeTransaction } from "@/lib/db/client";
import { deadLetterQueue, jobQueue, queueName } from "@/lib/db/pg/job-queue";
import type { JobRow } from "@/lib/db/schema";
import { jobs } from "@/lib/db/tables";

/**
 * The jobs table's side of the pg-boss queue (lib/db/pg/job-queue.ts), on PostgreSQL. One rule
 * holds it together: the row is the truth, and a row that waits for a worker (`queued`) has a live
 * pg-boss job. A pg-boss job whose row has ended, or is held by a worker whose lease is live, is
 * dropped when a worker takes it; a row sent back to the queue whose pg-boss job is gone gets a new one.
 */

/** How a worker ends a job it holds, for its pg-boss job. */
export type QueueEnding = "succeeded" | "failed" | "cancelled" | "retry" | "handBack";

/** pg-boss 10 returns how many jobs a command changed, although its types say void. */
type Changed = { affected: number };

/**
 * Sends a new pg-boss job for `row` (to the dead-letter queue when its attempts are spent), not
 * before `startAfter` (ms), and records it on the row. Call in the transaction that writes the row.
 */
export async function enqueueRow(tx: Db, row: JobRow, startAfter?: number): Promise<JobRow> {
  const boss = await jobQueue(tx, [row.type]);
  const spent = row.attempts >= row.maxAttempts;
  const name = spent ? deadLetterQueue(row.type) : queueName(row.type);
  const id = await boss.send(
    name,
    { jobId: row.id },
    {
      priority: row.priority,
      // Retries left after the next attempt; pg-boss counts them from here.
      ...(spent ? {} : { retryLimit: Math.max(0, row.maxAttempts - row.attempts - 1) }),
      ...(startAfter && startAfter > Date.now() ? { startAfter: new Date(startAfter) } : {}),
    },
  );
  if (!id) throw new Error(`the job queue did not take job ${row.id} (queue ${name})`);
  const [queued] = await tx
    .update(jobs)
    .set({ queueName: name, queueJobId: id })
    .where(eq(jobs.id, row.id))
    .returning();
  return queued;
}

/**
 * Ends `job`'s pg-boss job as its worker ended the row (`job` as the worker took it), in the
 * transaction that wrote the row: complete, cancel, or fail (pg-boss then retries it with backoff,
 * or dead-letters it when its retries are spent). A job sent back whose pg-boss job is gone (a
 * `retry` of one taken by id) or that must not spend a retry (`handBack`) gets a new pg-boss job.
 * A job taken from a dead-letter queue, once ended, is completed there.
 */
export async function endQueueEntry(tx: Db, job: JobRow, ending: QueueEnding, error?: string): Promise<void> {
  const { queueName: name, queueJobId: id } = job;
  const back = ending === "retry" || ending === "handBack";
  /** Whether the pg-boss job is still there for a worker (retried, or dead-lettered). */
  let waits = false;
  if (name && id) {
    const boss = await jobQueue(tx, [job.type]);
    if (ending === "succeeded" || (name === deadLetterQueue(job.type) && !back)) await boss.complete(name, id);
    else if (ending === "cancelled" || ending === "handBack") await boss.cancel(name, id);
    else waits = ((await boss.fail(name, id, { message: error ?? "failed" })) as unknown as Changed).affected > 0;
  }
  if (!back || waits) return;
  const [row] = await tx.select().from(jobs).where(eq(jobs.id, job.id));
  if (row?.status === "queued") await enqueueRow(tx, row, row.runAfter);
}

/** A job a worker took from the queue: to run, or, when `abandoned`, only to clean up after and end. */
export interface TakenJob {
  job: JobRow;
  /** Taken from a dead-letter queue (its attempts are spent) or with a cancel asked: end it, do not run it. */
  abandoned: boolean;
}

/**
 * Takes the next job of `types` from pg-boss and leases its row to `owner`: dead-lettered jobs
 * first, then the queues in the order of their oldest waiting row (priority first), each queue in
 * pg-boss's order (priority, then age). Undefined when no queue has a job ready.
 */
export async function takeQueuedJob(
  db: Db,
  owner: string,
  leaseMs: number,
  types: string[],
): Promise<TakenJob | undefined> {
  const boss = await jobQueue(db, types);
  const waiting = await db
    .select({ type: jobs.type })
    .from(jobs)
    .where(and(eq(jobs.status, "queued"), inArray(jobs.type, types)))
    .groupBy(jobs.type)
    .orderBy(desc(max(jobs.priority)), min(jobs.id));
  const order = [...new Set([...waiting.map((w) => w.type), ...types])];
  const queues = [...types.map(deadLetterQueue), ...order.map(queueName)];
  for (const name of queues) {
    for (;;) {
      const [entry] = await boss.fetch<{ jobId: number }>(name);
      if (!entry) break;
      const taken = await claim(db, owner, leaseMs, name, entry.id, entry.data.jobId);
      if (taken) return taken;
    }
  }
  return undefined;
}

/** Leases the row of pg-boss job `entryId`, or drops that pg-boss job when the row is not free. */
function claim(
  db: Db,
  owner: string,
  leaseMs: number,
  name: string,
  entryId: string,
  jobId: number,
): Promise<TakenJob | undefined> {
  return writeTransaction(db, async (tx) => {
    const now = Date.now();
    const [row] = await tx.select().from(jobs).where(eq(jobs.id, jobId));
    const free = row && (row.status === "queued" || (row.status === "running" && (row.leaseExpiresAt ?? 0) < now));
    const boss = await jobQueue(tx, []);
    if (!free) {
      // Ended, or running under a live lease (taken by id, as `cli ingest` does): not this worker's.
      await boss.cancel(name, entryId);
      return undefined;
    }
    const abandoned = row.cancelRequested || name === deadLetterQueue(row.type);
    const [job] = await tx
      .update(jobs)
      .set({
        status: "running",
        leaseOwner: owner,
        leaseExpiresAt: now + leaseMs,
        queueName: name,
        queueJobId: entryId,
        updatedAt: now,
        // An abandoned job does not run: no attempt is spent.
        ...(abandoned
          ? {}
          : { attempts: sql`${jobs.attempts} + 1`, startedAt: sql`coalesce(${jobs.startedAt}, ${now})` }),
      })
      .where(eq(jobs.id, jobId))
      .returning();
    return { job, abandoned };
  });
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

/**
 * Sends back to the queue the running jobs of `types` whose lease ran out (their worker died or
 * stopped answering): the row waits again, and its pg-boss job fails, so that pg-boss retries it
 * after its backoff or, with its retries spent, dead-letters it for a worker to clean up after.
 * Returns how many it sent back.
 */
export function requeueExpiredLeases(db: Db, types: string[]): Promise<number> {
  const expired = and(eq(jobs.status, "running"), lt(jobs.leaseExpiresAt, Date.now()), inArray(jobs.type, types));
  return eachMatchingRow(db, expired, async (tx, row) => {
    await tx
      .update(jobs)
      .set({
        status: "queued",
        leaseOwner: null,
        leaseExpiresAt: null,
        updatedAt: Date.now(),
        ...(row.cancelRequested ? {} : { message: "its worker stopped answering; waiting for another worker" }),
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
