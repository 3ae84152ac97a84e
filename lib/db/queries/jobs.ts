import "server-only";
import { and, desc, eq, gt, gte, inArray, lt, or, sql } from "drizzle-orm";
import { type Db, writeTransaction } from "@/lib/db/client";
import { databaseDialect } from "@/lib/db/dialect";
import { endQueueEntry, enqueueRow } from "@/lib/db/queries/job-queue-pg";
import { jobs } from "@/lib/db/tables";
import type { JobRow } from "@/lib/db/schema";
import type { JobStatus } from "@/lib/db/statuses";

export interface NewJob {
  type: string;
  payload: unknown;
  title: string;
  corpusId?: number | null;
  priority?: number;
  maxAttempts?: number;
}

/** Whether jobs go through pg-boss (PostgreSQL; lib/db/queries/job-queue-pg.ts) rather than this table's leases. */
function pgBoss(): boolean {
  return databaseDialect() === "postgres";
}

/** Queues a job: a row, and on PostgreSQL its pg-boss job, committed together. */
export async function insertJob(db: Db, job: NewJob): Promise<JobRow> {
  if (pgBoss()) return writeTransaction(db, async (tx) => enqueueRow(tx, await insertJobRow(tx, job)));
  return insertJobRow(db, job);
}

async function insertJobRow(db: Db, job: NewJob): Promise<JobRow> {
  const [row] = await db
    .insert(jobs)
    .values({
      type: job.type,
      payload: job.payload ?? {},
      title: job.title,
      corpusId: job.corpusId ?? null,
      priority: job.priority ?? 0,
      maxAttempts: job.maxAttempts ?? 3,
      runAfter: Date.now(),
    })
    .returning();
  return row;
}

/** The newest job of `type` for the corpus, whatever its status. */
export async function latestJobOfType(db: Db, corpusId: number, type: string): Promise<JobRow | undefined> {
  const [row] = await db
    .select()
    .from(jobs)
    .where(and(eq(jobs.corpusId, corpusId), eq(jobs.type, type)))
    .orderBy(desc(jobs.id))
    .limit(1);
  return row;
}

export async function getJob(db: Db, id: number): Promise<JobRow | undefined> {
  const [row] = await db.select().from(jobs).where(eq(jobs.id, id));
  return row;
}

/** Most recent jobs first, optionally only those changed after `since` (ms). */
export function listJobs(
  db: Db,
  options: { limit?: number; since?: number; corpusId?: number } = {},
): Promise<JobRow[]> {
  const filters = [];
  if (options.since !== undefined) filters.push(gt(jobs.updatedAt, options.since));
  if (options.corpusId !== undefined) filters.push(eq(jobs.corpusId, options.corpusId));
  return db
    .select()
    .from(jobs)
    .where(filters.length ? and(...filters) : undefined)
    .orderBy(desc(jobs.id))
    .limit(options.limit ?? 100);
}

/** Whether a corpus has a job of one of these types in one of these states (default: not ended, queued or running). */
export async function hasJob(
  db: Db,
  corpusId: number,
  types: string[],
  statuses: JobStatus[] = ["queued", "running"],
): Promise<boolean> {
  const found = await db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.corpusId, corpusId), inArray(jobs.type, types), inArray(jobs.status, statuses)))
    .limit(1);
  return found.length > 0;
}

/**
 * Atomically leases the next runnable job: a queued one whose time has come, or a running one
 * whose lease expired (its worker died) and that has attempts left; `endAbandonedJobs` ends the
 * others. One UPDATE ... RETURNING, so two workers never get the same job.
 */
export async function leaseNextJob(
  db: Db,
  owner: string,
  leaseMs: number,
  types: string[],
  onlyJobId?: number,
): Promise<JobRow | undefined> {
  const now = Date.now();
  const runnable = or(
    and(eq(jobs.status, "queued"), sql`${jobs.runAfter} <= ${now}`),
    and(eq(jobs.status, "running"), sql`${jobs.leaseExpiresAt} < ${now}`, lt(jobs.attempts, jobs.maxAttempts)),
  );
  const next = db
    .select({ id: jobs.id })
    .from(jobs)
    .where(
      and(
        runnable,
        inArray(jobs.type, types),
        eq(jobs.cancelRequested, false),
        onlyJobId === undefined ? undefined : eq(jobs.id, onlyJobId),
      ),
    )
    .orderBy(desc(jobs.priority), jobs.id)
    .limit(1);
  const [leased] = await db
    .update(jobs)
    .set({
      status: "running",
      leaseOwner: owner,
      leaseExpiresAt: now + leaseMs,
      attempts: sql`${jobs.attempts} + 1`,
      startedAt: sql`coalesce(${jobs.startedAt}, ${now})`,
      updatedAt: now,
    })
    .where(and(inArray(jobs.id, next), runnable))
    .returning();
  return leased;
}

/**
 * Leases to `owner` the running jobs of `types` whose worker died (lease expired) and that must
 * not run again: attempts used up, or a cancel asked. The caller cleans up after each and ends it
 * with `finishOwnedJob`; should it die meanwhile, the lease runs out and the next worker does it.
 * Attempts are not counted: the job does not run. One UPDATE ... RETURNING, so one caller each.
 */
export async function leaseAbandonedJobs(db: Db, owner: string, leaseMs: number, types: string[]): Promise<JobRow[]> {
  const now = Date.now();
  const abandoned = and(
    eq(jobs.status, "running"),
    sql`${jobs.leaseExpiresAt} < ${now}`,
    inArray(jobs.type, types),
    or(eq(jobs.cancelRequested, true), gte(jobs.attempts, jobs.maxAttempts)),
  );
  // A read first, so the common case (nothing abandoned) takes no write lock at every poll.
  if (!(await db.select({ id: jobs.id }).from(jobs).where(abandoned).limit(1)).length) return [];
  return db
    .update(jobs)
    .set({ leaseOwner: owner, leaseExpiresAt: now + leaseMs, updatedAt: now })
    .where(abandoned)
    .returning();
}

/** Extends a lease; returns false when the job is no longer this owner's (taken over or finished). */
export async function heartbeat(
  db: Db,
  id: number,
  owner: string,
  leaseMs: number,
): Promise<{ owned: boolean; cancelRequested: boolean }> {
  const [row] = await db
    .update(jobs)
    .set({ leaseExpiresAt: Date.now() + leaseMs })
    .where(and(eq(jobs.id, id), eq(jobs.leaseOwner, owner), eq(jobs.status, "running")))
    .returning({ cancelRequested: jobs.cancelRequested });
  return { owned: !!row, cancelRequested: row?.cancelRequested ?? false };
}

/** Fields a running job may update: progress and its resume checkpoint. */
export type JobProgressPatch = Partial<
  Pick<JobRow, "progress" | "done" | "total" | "rate" | "etaSeconds" | "message" | "checkpoint">
>;

/** Updates a job this owner holds; returns false when it lost the lease. */
export async function updateOwnedJob(db: Db, id: number, owner: string, patch: JobProgressPatch): Promise<boolean> {
  const updated = await db
    .update(jobs)
    .set({ ...patch, updatedAt: Date.now() })
    .where(and(eq(jobs.id, id), eq(jobs.leaseOwner, owner), eq(jobs.status, "running")))
    .returning({ id: jobs.id });
  return updated.length > 0;
}

/** Ends a job this owner holds (succeeded, failed or cancelled) or sends it back to the queue. */
export async function finishOwnedJob(
  db: Db,
  id: number,
  owner: string,
  patch: Partial<Pick<JobRow, "status" | "error" | "message" | "runAfter" | "progress" | "etaSeconds" | "attempts">>,
): Promise<boolean> {
  const done = patch.status !== "queued";
  const finished = await db
    .update(jobs)
    .set({
      ...patch,
      leaseOwner: null,
      leaseExpiresAt: null,
      updatedAt: Date.now(),
      finishedAt: done ? Date.now() : null,
    })
    .where(and(eq(jobs.id, id), eq(jobs.leaseOwner, owner)))
    .returning({ id: jobs.id });
  return finished.length > 0;
}

/** Cancels a job: a queued one at once, a running one by asking its worker to stop. */
export async function requestCancel(db: Db, id: number): Promise<JobRow | undefined> {
  if (pgBoss()) return writeTransaction(db, (tx) => cancelJob(tx, id));
  return cancelJob(db, id);
}

async function cancelJob(db: Db, id: number): Promise<JobRow | undefined> {
  const now = Date.now();
  const [cancelled] = await db
    .update(jobs)
    .set({ status: "cancelled", finishedAt: now, updatedAt: now, message: "cancelled before it started" })
    .where(and(eq(jobs.id, id), eq(jobs.status, "queued")))
    .returning();
  if (cancelled && pgBoss()) await endQueueEntry(db, cancelled, "cancelled");
  await db
    .update(jobs)
    .set({ cancelRequested: true, updatedAt: now, message: "cancelling…" })
    .where(and(eq(jobs.id, id), eq(jobs.status, "running")));
  return getJob(db, id);
}

/**
 * Queues a cancelled or failed job again with fresh attempts, keeping its checkpoint so its
 * handler continues from there. Undefined when the job is not cancelled or failed (then nothing changes).
 */
export async function requeueJob(db: Db, id: number, message: string): Promise<JobRow | undefined> {
  if (pgBoss())
    return writeTransaction(db, async (tx) => {
      const row = await requeueJobRow(tx, id, message);
      return row && enqueueRow(tx, row);
    });
  return requeueJobRow(db, id, message);
}

async function requeueJobRow(db: Db, id: number, message: string): Promise<JobRow | undefined> {
  const now = Date.now();
  const [row] = await db
    .update(jobs)
    .set({
      status: "queued",
      cancelRequested: false,
      attempts: 0,
      error: null,
      runAfter: now,
      finishedAt: null,
      updatedAt: now,
      etaSeconds: null,
      rate: null,
      message,
    })
    .where(and(eq(jobs.id, id), inArray(jobs.status, ["cancelled", "failed"])))
    .returning();
  return row;
}

/** Expires the leases of running jobs whose owner is one of `owners` (workers known to be dead). */
export async function expireLeases(db: Db, owners: string[]): Promise<number> {
  if (!owners.length) return 0;
  const expired = await db
    .update(jobs)
    .set({ leaseExpiresAt: 0 })
    .where(and(eq(jobs.status, "running"), inArray(jobs.leaseOwner, owners)))
    .returning({ id: jobs.id });
  return expired.length;
}

/** Owners of running jobs, to find those whose process is gone. */
export async function runningLeaseOwners(db: Db): Promise<string[]> {
  const rows = await db.selectDistinct({ owner: jobs.leaseOwner }).from(jobs).where(eq(jobs.status, "running"));
  return rows.map((r) => r.owner).filter((o): o is string => !!o);
}

/**
 * Whether `owner` still holds a running job and whether a cancel was asked: a read, so that a
 * worker can look often (every second) without taking the write lock that a heartbeat takes.
 */
export async function jobStopState(
  db: Db,
  id: number,
  owner: string,
): Promise<{ owned: boolean; cancelRequested: boolean }> {
  const [row] = await db
    .select({ owner: jobs.leaseOwner, status: jobs.status, cancelRequested: jobs.cancelRequested })
    .from(jobs)
    .where(eq(jobs.id, id));
  const owned = row?.owner === owner && row.status === "running";
  return { owned, cancelRequested: owned && row.cancelRequested };
}
