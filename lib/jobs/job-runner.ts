import "server-only";
import { type Db, writeTransaction } from "@/lib/db/client";
import type { JobRow } from "@/lib/db/schema";
import {
  finishOwnedJob,
  heartbeat,
  jobStopState,
  leaseAbandonedJobs,
  updateOwnedJob,
  type JobProgressPatch,
} from "@/lib/db/queries/jobs";
import { databaseDialect } from "@/lib/db/dialect";
import { endQueueEntry, type QueueEnding } from "@/lib/db/queries/job-queue-pg";
import { config } from "@/lib/config";
import {
  JobStoppedError,
  type HandlerRegistry,
  type JobContext,
  type JobHandler,
  type JobSettings,
} from "@/lib/jobs/job-handler";
import { ProgressMeter } from "@/lib/jobs/progress-meter";

export interface RunOptions {
  owner: string;
  leaseMs: number;
  /** Aborted when the worker shuts down: the job goes back to the queue, not counted as a failure. */
  shutdown?: AbortSignal;
  log?: (line: string) => void;
  /** How often a running job looks for a cancel between heartbeats, in ms (default 1000). */
  stopPollMs?: number;
  /**
   * The settings handed to each job (its context, and its cleanup): the worker and the CLI pass
   * what they read at their start. Default: the process's configuration, read when a job first asks
   * for it (a job that needs none leaves `config()` unread, as before settings were passed in).
   */
  settings?: JobSettings;
}

function settingsOf(options: RunOptions): JobSettings {
  return options.settings ?? config();
}

/** Delay before retry `attempt` (1-based): 2 s, 4 s, 8 s ... capped at 5 minutes. */
export function retryDelayMs(attempt: number): number {
  return Math.min(300_000, 1000 * 2 ** attempt);
}

type Ending = Partial<Pick<JobRow, "error" | "message" | "runAfter" | "progress" | "etaSeconds" | "attempts">>;

/**
 * Ends a job this owner holds, or sends it back to the queue (`retry`, `handBack`), and on
 * PostgreSQL its pg-boss job with it, in one transaction. False when the job is no longer this owner's.
 */
async function endJob(db: Db, job: JobRow, owner: string, ending: QueueEnding, patch: Ending): Promise<boolean> {
  const status = ending === "retry" || ending === "handBack" ? "queued" : ending;
  if (databaseDialect() !== "postgres") return finishOwnedJob(db, job.id, owner, { ...patch, status });
  return writeTransaction(db, async (tx) => {
    if (!(await finishOwnedJob(tx, job.id, owner, { ...patch, status }))) return false;
    await endQueueEntry(tx, job, ending, patch.error ?? undefined);
    return true;
  });
}

/** Runs one leased job to its end: success, retry with backoff, failure, cancel or hand-back. */
export async function runLeasedJob(
  db: Db,
  job: JobRow,
  handlers: HandlerRegistry,
  options: RunOptions,
): Promise<JobRow["status"]> {
  const log = options.log ?? (() => {});
  const handler = handlers[job.type] as JobHandler<unknown> | undefined;
  if (!handler) {
    await endJob(db, job, options.owner, "failed", { error: `no handler for job type "${job.type}"` });
    return "failed";
  }
  let payload: unknown;
  try {
    payload = handler.parsePayload(job.payload);
  } catch (err) {
    await endJob(db, job, options.owner, "failed", { error: `bad payload: ${(err as Error).message}` });
    return "failed";
  }
  const stop = new AbortController();
  const onShutdown = () => stop.abort(new JobStoppedError("shutdown"));
  options.shutdown?.addEventListener("abort", onShutdown);
  const beat = startHeartbeat(db, job, options, stop);
  const ctx = makeContext(db, job, payload, stop, options.owner, () => settingsOf(options));
  try {
    await handler.run(ctx);
    await ctx.flush();
    await endJob(db, job, options.owner, "succeeded", { progress: 1, etaSeconds: 0 });
    log(`job ${job.id} (${job.type}) succeeded`);
    return "succeeded";
  } catch (err) {
    // Progress writes still under way land before the job ends, as when they were synchronous.
    await ctx.idle();
    // The heartbeat keeps the lease while the failure is settled (a cleanup can take a while).
    return await settleFailure(db, job, handler, payload, stop.signal.reason ?? err, options);
  } finally {
    await beat.stop();
    options.shutdown?.removeEventListener("abort", onShutdown);
  }
}

/**
 * Extends the lease every third of it, and in between looks every `stopPollMs` (a read, no write
 * lock) for a cancel or a lost lease, so that a job stops within about a second of a cancel
 * however long its lease. A beat that throws (SQLITE_BUSY while the web server holds a long write
 * lock, say) is logged and tried again at the next tick, because the job itself is fine; only
 * when beats have failed until the lease ran out is the job stopped as lost, since another
 * worker may now rightly take it. Never throws: an error here would kill the worker. One tick
 * runs at a time: a tick still waiting (for the write lock, or for a transaction of this process
 * to end) makes the next ones skip. `stop()` ends the beats and waits for one under way.
 */
function startHeartbeat(db: Db, job: JobRow, options: RunOptions, stop: AbortController): { stop(): Promise<void> } {
  const log = options.log ?? (() => {});
  const everyMs = Math.max(100, Math.floor(options.leaseMs / 3));
  const tickMs = Math.min(everyMs, Math.max(50, options.stopPollMs ?? 1000));
  let leaseUntil = job.leaseExpiresAt ?? Date.now() + options.leaseMs;
  let lastBeat = Date.now();
  const settle = (state: { owned: boolean; cancelRequested: boolean }) => {
    if (!state.owned) stop.abort(new JobStoppedError("lost"));
    else if (state.cancelRequested) stop.abort(new JobStoppedError("cancelled"));
  };
  const tick = async (): Promise<void> => {
    // A cancelled or stopping job keeps its lease while it cleans up; a lost one has none to keep.
    if (stop.signal.reason instanceof JobStoppedError && stop.signal.reason.reason === "lost") return;
    const beganAt = Date.now();
    if (beganAt - lastBeat < everyMs - tickMs / 2) {
      if (stop.signal.aborted) return;
      try {
        settle(await jobStopState(db, job.id, options.owner));
      } catch {
        // Only a look: the next tick or beat tries again.
      }
      return;
    }
    lastBeat = beganAt;
    try {
      const state = await heartbeat(db, job.id, options.owner, options.leaseMs);
      leaseUntil = beganAt + options.leaseMs;
      settle(state);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      if (Date.now() < leaseUntil) {
        log(`job ${job.id}: heartbeat failed (${why}); trying again in ${Math.round(everyMs / 100) / 10} s`);
        return;
      }
      log(
        `job ${job.id}: heartbeat failed (${why}) until its lease ran out; stopping it so that a worker can take it up again`,
      );
      stop.abort(new JobStoppedError("lost"));
    }
  };
  let ticking: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (ticking) return;
    ticking = tick().finally(() => (ticking = null));
  }, tickMs);
  return {
    async stop() {
      clearInterval(timer);
      await ticking;
    },
  };
}

async function settleFailure(
  db: Db,
  job: JobRow,
  handler: JobHandler<unknown>,
  payload: unknown,
  err: unknown,
  options: RunOptions,
): Promise<JobRow["status"]> {
  const log = options.log ?? (() => {});
  const reason = err instanceof JobStoppedError ? err.reason : null;
  if (reason === "lost") return "running";
  if (reason === "shutdown") {
    // Not the job's fault: hand it back untouched, without spending an attempt.
    await endJob(db, job, options.owner, "handBack", {
      attempts: job.attempts - 1,
      message: "waiting for a worker (the last one stopped)",
    });
    return "queued";
  }
  if (reason === "cancelled") {
    await handler.cleanup?.(db, payload, "cancelled", settingsOf(options));
    await endJob(db, job, options.owner, "cancelled", { message: "cancelled" });
    log(`job ${job.id} cancelled`);
    return "cancelled";
  }
  const message = err instanceof Error ? err.message : String(err);
  if (job.attempts < job.maxAttempts) {
    const delay = retryDelayMs(job.attempts);
    await endJob(db, job, options.owner, "retry", {
      error: message,
      runAfter: Date.now() + delay,
      message: `attempt ${job.attempts} failed; retrying in ${Math.round(delay / 1000)} s`,
    });
    log(`job ${job.id} attempt ${job.attempts} failed: ${message}`);
    return "queued";
  }
  await handler.cleanup?.(db, payload, "failed", settingsOf(options));
  await endJob(db, job, options.owner, "failed", { error: message, message: "failed" });
  log(`job ${job.id} failed: ${message}`);
  return "failed";
}

/**
 * Ends the jobs of these types whose worker died and that must not run again (attempts used up,
 * or cancel asked), undoing their partial results first, so no job stays "running" forever and
 * a job that kills every worker it meets is not taken again. Returns how many it ended.
 */
export async function settleAbandonedJobs(db: Db, handlers: HandlerRegistry, options: RunOptions): Promise<number> {
  const log = options.log ?? (() => {});
  const abandoned = await leaseAbandonedJobs(db, options.owner, options.leaseMs, Object.keys(handlers));
  for (const job of abandoned) {
    const reason = job.cancelRequested ? "cancelled" : "failed";
    const handler = handlers[job.type] as JobHandler<unknown> | undefined;
    try {
      await handler?.cleanup?.(db, handler.parsePayload(job.payload), reason, settingsOf(options));
    } catch (err) {
      log(`job ${job.id}: cleanup after it ${reason} did not finish: ${err instanceof Error ? err.message : err}`);
    }
    if (reason === "cancelled") {
      await endJob(db, job, options.owner, "cancelled", { message: "cancelled", etaSeconds: null });
      log(`job ${job.id} (${job.type}) cancelled (its worker had stopped)`);
    } else {
      const error = `its worker died while running it (out of memory, a crash or kill -9) and all ${job.maxAttempts} attempts are used; see the worker log for the cause, then retry the job`;
      await endJob(db, job, options.owner, "failed", { error, message: "failed", etaSeconds: null });
      log(`job ${job.id} (${job.type}) failed: ${error}`);
    }
  }
  return abandoned.length;
}

/** A job's context, with what the runner needs besides: the last progress write, and the writes under way. */
type RunnerContext = JobContext<unknown> & {
  /** Writes the progress not yet written; throws {@link JobStoppedError} `lost` when the job is no longer this worker's. */
  flush(): Promise<void>;
  /** Resolves once the progress writes under way are done (whatever their outcome). */
  idle(): Promise<void>;
};

function makeContext(
  db: Db,
  job: JobRow,
  payload: unknown,
  stop: AbortController,
  owner: string,
  settings: () => JobSettings,
): RunnerContext {
  const { signal } = stop;
  const meter = new ProgressMeter();
  let pending: JobProgressPatch | null = null;
  let lastWrite = 0;
  /** The progress writes, one after another (never rejects). */
  let writes: Promise<void> = Promise.resolve();
  /** Set when a progress write found the job no longer this worker's: the next report throws. */
  let lost: JobStoppedError | null = null;
  const throwIfStopped = () => {
    if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new JobStoppedError("cancelled");
  };
  /** Puts back a report that was not written, under those that came since: the next write carries it. */
  const putBack = (patch: JobProgressPatch) => {
    pending = { ...patch, ...pending };
  };
  const writePending = async (): Promise<void> => {
    if (!pending) return;
    const patch = pending;
    pending = null;
    try {
      if (!(await updateOwnedJob(db, job.id, owner, patch))) throw new JobStoppedError("lost");
    } catch (err) {
      if (!(err instanceof JobStoppedError)) putBack(patch);
      throw err;
    } finally {
      lastWrite = Date.now();
    }
  };
  /** Writes what is pending once the writes queued before are done; settles with that write. */
  const queueWrite = (): Promise<void> => {
    const write = writes.then(writePending);
    writes = write.catch(() => {});
    return write;
  };
  return {
    db,
    job,
    payload,
    get settings() {
      return settings();
    },
    signal,
    checkpoint: job.checkpoint ?? undefined,
    throwIfStopped,
    flush: queueWrite,
    idle: () => writes,
    progress(done, total, message) {
      if (lost) throw lost;
      const now = Date.now();
      const reading = meter.observe(done, total, now);
      pending = { ...pending, done, total, ...reading, ...(message !== undefined ? { message } : {}) };
      if (now - lastWrite < 250 && done < total) return;
      lastWrite = now;
      queueWrite().catch((err: unknown) => {
        // Progress is only a report: a busy database must not fail the job; the next report carries it.
        // A job that is no longer this worker's stops, as the heartbeat would stop it.
        if (err instanceof JobStoppedError) {
          lost = err;
          stop.abort(err);
        }
      });
    },
    async commit(write) {
      throwIfStopped();
      return writeTransaction(db, async (tx) => {
        const checkpoint = await write(tx);
        if (!(await updateOwnedJob(tx, job.id, owner, { checkpoint }))) throw new JobStoppedError("lost");
        return checkpoint;
      });
    },
  };
}
