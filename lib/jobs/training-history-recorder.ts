import "server-only";
import type { Db } from "@/lib/db/client";
import {
  deleteTrainingPointsAfter,
  recordTrainingEvaluation,
  recordTrainingSteps,
} from "@/lib/db/queries/training-points";
import type { EvaluationPoint } from "@/lib/train/checkpoint/training-state";
import { stepPoint, type TrainingPoint } from "@/lib/train/history/training-point";
import type { StepProgress } from "@/lib/train/trainer/trainer";

/**
 * Writes a training run's history to the database as it happens, for the live dashboard:
 * step points are buffered and written at most every `flushMs` (one small transaction, so a
 * run of short steps does not write per step), evaluations at once. The first step of an
 * attempt drops points after the step it resumes from, which a crashed attempt may have left.
 *
 * The writes run one after another in the order they were asked for, so a caller that cannot
 * wait (a trainer hook) may leave a call's promise; the first write that fails ends the
 * recording: it rejects that call and every later one, and {@link throwIfFailed} throws it.
 */
export class TrainingHistoryRecorder {
  private pending: TrainingPoint[] = [];
  private lastFlush = 0;
  private started = false;
  /** The writes asked for so far, one after another (never rejects). */
  private writes: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | null = null;

  constructor(
    private readonly db: Db,
    private readonly modelVersionId: number,
    private readonly flushMs = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a finished step; resolves once the writes it asked for (if any) are done. */
  step(p: StepProgress): Promise<void> {
    if (!this.started) {
      this.started = true;
      this.queue(() => deleteTrainingPointsAfter(this.db, this.modelVersionId, p.step - 1));
      this.lastFlush = this.now();
    }
    this.pending.push(
      stepPoint({
        step: p.step,
        loss: p.loss,
        lr: p.lr,
        gradNorm: p.gradNorm,
        seqPerSec: p.sequencesPerSecond,
        seconds: p.elapsedSeconds,
      }),
    );
    if (this.now() - this.lastFlush >= this.flushMs || p.step >= p.totalSteps) return this.flush();
    return this.settled();
  }

  /** Records an evaluation (after the steps before it, so the chart never shows it ahead of them). */
  evaluation(e: EvaluationPoint): Promise<void> {
    this.queueSteps();
    this.queue(() => recordTrainingEvaluation(this.db, this.modelVersionId, e));
    return this.settled();
  }

  /** Writes the buffered steps; resolves once every write asked for so far is done. */
  flush(): Promise<void> {
    this.queueSteps();
    return this.settled();
  }

  /** Throws the error of a write that failed, if one did: for callers that cannot await. */
  throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }

  private queueSteps(): void {
    this.lastFlush = this.now();
    if (this.pending.length === 0) return;
    const points = this.pending;
    this.pending = [];
    this.queue(() => recordTrainingSteps(this.db, this.modelVersionId, points));
  }

  /** Runs `write` after the writes asked for before it; none runs after one has failed. */
  private queue(write: () => Promise<unknown>): void {
    this.writes = this.writes.then(async () => {
      if (this.failure) return;
      try {
        await write();
      } catch (err) {
        this.failure = { error: err };
      }
    });
  }

  /** Resolves once the writes asked for so far are done; rejects with the first that failed. */
  private async settled(): Promise<void> {
    await this.writes;
    this.throwIfFailed();
  }
}
