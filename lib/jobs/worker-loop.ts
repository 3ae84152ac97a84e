import "server-only";
import os from "node:os";
import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/client";
import type { JobRow } from "@/lib/db/schema";
import { databaseDialect } from "@/lib/db/dialect";
import { expireLeases, leaseNextJob, runningLeaseOwners } from "@/lib/db/queries/jobs";
import { enqueueOrphans, requeueExpiredLeases, takeQueuedJob } from "@/lib/db/queries/job-queue-pg";
import type { HandlerRegistry, JobSettings } from "@/lib/jobs/job-handler";
import { runLeasedJob, settleAbandonedJobs, type RunOptions } from "@/lib/jobs/job-runner";
import { processAlive } from "@/lib/core/process-alive";

/** A lease owner name that says which host and process holds a job. */
export function workerOwnerId(): string {
  return `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/**
 * Frees jobs leased by processes of this host that no longer exist (a worker killed with -9),
 * so a restarted worker takes them up at once instead of waiting for the lease to run out.
 */
export async function reclaimDeadLocalLeases(db: Db): Promise<number> {
  const host = os.hostname();
  const dead = (await runningLeaseOwners(db)).filter((owner) => {
    const [h, pid] = owner.split(":");
    return h === host && Number(pid) !== process.pid && !processAlive(Number(pid));
  });
  return expireLeases(db, dead);
}

export interface WorkerOptions {
  handlers: HandlerRegistry;
  leaseMs: number;
  pollMs: number;
  /** Stops the loop; a running job is handed back to the queue. */
  signal: AbortSignal;
  owner?: string;
  log?: (line: string) => void;
  /** Stop when the queue is empty (for the CLI and tests). */
  untilIdle?: boolean;
  /** The settings handed to each job (see `RunOptions.settings`). */
  settings?: JobSettings;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

/** An error's message with its cause's (a failed query says which query, its cause what went wrong). */
function queueErrorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  return err.cause instanceof Error ? `${err.message}: ${err.cause.message}` : err.message;
}

/**
 * The next job to run, once the jobs of dead workers are dealt with: those that must not run
 * again are ended, and on PostgreSQL the others go back to pg-boss, which hands out the next job
 * (on SQLite, the jobs table is the queue: a dead worker's job is leased again as it is).
 */
async function nextJob(db: Db, handlers: HandlerRegistry, options: RunOptions): Promise<JobRow | undefined> {
  const types = Object.keys(handlers);
  await settleAbandonedJobs(db, handlers, options);
  if (databaseDialect() !== "postgres") return leaseNextJob(db, options.owner, options.leaseMs, types);
  const requeued = await requeueExpiredLeases(db, types);
  if (requeued) options.log?.(`sent ${requeued} job(s) whose worker stopped answering back to the queue`);
  return takeQueuedJob(db, options.owner, options.leaseMs, types);
}

/** Takes jobs one at a time and runs them until `signal` aborts. */
export async function runWorkerLoop(db: Db, options: WorkerOptions): Promise<void> {
  const owner = options.owner ?? workerOwnerId();
  let reclaimedLeases = false;
  while (!options.signal.aborted) {
    try {
      if (!reclaimedLeases) {
        const reclaimed = await reclaimDeadLocalLeases(db);
        if (reclaimed) options.log?.(`took back ${reclaimed} job(s) from a worker that died`);
        if (databaseDialect() === "postgres") {
          const enqueued = await enqueueOrphans(db, Object.keys(options.handlers));
          if (enqueued) options.log?.(`gave ${enqueued} waiting job(s) from before pg-boss their pg-boss job`);
        }
        reclaimedLeases = true;
      }
      const { leaseMs, log, settings } = options;
      const job = await nextJob(db, options.handlers, { owner, leaseMs, log, settings });
      if (!job) {
        if (options.untilIdle) return;
        await sleep(options.pollMs, options.signal);
        continue;
      }
      options.log?.(`job ${job.id} (${job.type}) started, attempt ${job.attempts}`);
      await runLeasedJob(db, job, options.handlers, {
        owner,
        leaseMs: options.leaseMs,
        shutdown: options.signal,
        log: options.log,
        settings: options.settings,
      });
    } catch (err) {
      // A busy or briefly unwritable database must not end the worker: the queue is still there
      // at the next poll, and a job caught mid-way keeps its lease until it runs out.
      options.log?.(`queue error (${queueErrorText(err)}); trying again in ${options.pollMs} ms`);
      await sleep(options.pollMs, options.signal);
    }
  }
}
