import type { Config } from "@/lib/config";
import type { Db } from "@/lib/db/client";
import type { JobRow } from "@/lib/db/schema";

/**
 * The settings a job runs with: read once where the worker (or the CLI) starts, and handed to each
 * job through its context, so no handler reads the environment itself.
 */
export type JobSettings = Readonly<Config>;

/** What a handler sees of the job it runs. */
export interface JobContext<P> {
  readonly db: Db;
  readonly job: JobRow;
  readonly payload: P;
  /** The worker's settings (data folders, model and index limits, threads). */
  readonly settings: JobSettings;
  /** Aborted when the job is cancelled, its lease is lost or the worker stops. */
  readonly signal: AbortSignal;
  /** The checkpoint saved by an earlier attempt, if any. */
  readonly checkpoint: unknown;
  /**
   * Reports progress; throttled, so call it as often as you like. The write happens in the
   * background, in order; a write that finds the job no longer this worker's stops the job as
   * lost (its signal aborts, and the next report or {@link JobContext.throwIfStopped} throws).
   */
  progress(done: number, total: number, message?: string): void;
  /**
   * Runs `write` in a transaction and saves what it returns as the checkpoint, in the same
   * transaction and only while this worker still holds the job: data and checkpoint never
   * disagree, so a resumed job neither loses nor repeats work. `write` awaits every query it
   * makes, on `tx`.
   */
  commit<T>(write: (tx: Db) => T | Promise<T>): Promise<T>;
  /** Throws when the job was cancelled or lost; call it between units of work. */
  throwIfStopped(): void;
}

/** A job type: the work, and what to undo when the job ends without success. */
export interface JobHandler<P = unknown> {
  /** Validates a payload as it comes from the database. */
  parsePayload(raw: unknown): P;
  /** Does the work; what it returns is the stage's outcome, which the pipeline reads (lib/pipeline/pipeline.ts). */
  run(ctx: JobContext<P>): Promise<unknown>;
  /** Removes partial results after a cancel or a final failure (`reason` says which), with the worker's settings. */
  cleanup?(db: Db, payload: P, reason: "cancelled" | "failed", settings: JobSettings): void | Promise<void>;
}

/** Handlers by job type; each validates its own payload, so the registry cannot name one payload type. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type HandlerRegistry = Record<string, JobHandler<any>>;

/** Thrown inside a job when it must stop (cancel, lost lease, shutdown). */
export class JobStoppedError extends Error {
  constructor(readonly reason: "cancelled" | "lost" | "shutdown") {
    super(`job stopped: ${reason}`);
  }
}
