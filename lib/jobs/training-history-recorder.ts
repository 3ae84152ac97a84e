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
 * attempt drops points after the step it resumed from, which a crashed attempt may have left.
 */
export class TrainingHistoryRecorder {
  private pending: TrainingPoint[] = [];
  private lastFlush = 0;
  private started = false;

  constructor(
    private readonly db: Db,
    private readonly modelVersionId: number,
    private readonly flushMs = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a finished step. */
  step(p: StepProgress): void {
    if (!this.started) {
      this.started = true;
      deleteTrainingPointsAfter(this.db, this.modelVersionId, p.step - 1);
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
    if (this.now() - this.lastFlush >= this.flushMs || p.step >= p.totalSteps) this.flush();
  }

  /** Records an evaluation (after the steps before it, so the chart never shows it ahead of them). */
  evaluation(e: EvaluationPoint): void {
    this.flush();
    recordTrainingEvaluation(this.db, this.modelVersionId, e);
  }

  /** Writes the buffered steps. */
  flush(): void {
    this.lastFlush = this.now();
    if (this.pending.length === 0) return;
    const points = this.pending;
    this.pending = [];
    recordTrainingSteps(this.db, this.modelVersionId, points);
  }
}
