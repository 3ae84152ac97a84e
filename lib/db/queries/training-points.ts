import "server-only";
import { and, asc, eq, gt, sql } from "drizzle-orm";
import type { TrainingPoint } from "@/lib/train/history/training-point";
import { type Db, writeTransaction } from "@/lib/db/client";
import { trainingPoints, type TrainingPointRow } from "@/lib/db/schema";

function toPoint(row: TrainingPointRow): TrainingPoint {
  return {
    step: row.step,
    loss: row.loss,
    lr: row.lr,
    gradNorm: row.gradNorm,
    seqPerSec: row.seqPerSec,
    seconds: row.seconds,
    evalValue: row.evalValue,
    evalMetric: row.evalMetric,
    evalMetrics: row.evalMetrics,
  };
}

/** NaN and ±∞ become NULL: SQLite stores them badly and JSON cannot carry them. */
const finite = (x: number | null) => (x !== null && Number.isFinite(x) ? x : null);

/**
 * Saves step points of a model version's training run in one transaction. A step already
 * stored (a resumed run repeating it) gets the new step values and keeps its evaluation.
 */
export function recordTrainingSteps(db: Db, modelVersionId: number, points: readonly TrainingPoint[]): void {
  if (points.length === 0) return;
  writeTransaction(db, (tx) => {
    for (const p of points) {
      const values = {
        loss: finite(p.loss),
        lr: finite(p.lr),
        gradNorm: finite(p.gradNorm),
        seqPerSec: finite(p.seqPerSec),
        seconds: finite(p.seconds),
      };
      tx.insert(trainingPoints)
        .values({ modelVersionId, step: p.step, ...values })
        .onConflictDoUpdate({ target: [trainingPoints.modelVersionId, trainingPoints.step], set: values })
        .run();
    }
  });
}

/** Saves an evaluation at `step`, beside the step's loss when that is already stored. */
export function recordTrainingEvaluation(
  db: Db,
  modelVersionId: number,
  e: { step: number; primary: string; value: number; metrics: Record<string, number> },
): void {
  const values = { evalValue: finite(e.value), evalMetric: e.primary, evalMetrics: e.metrics };
  db.insert(trainingPoints)
    .values({ modelVersionId, step: e.step, ...values })
    .onConflictDoUpdate({ target: [trainingPoints.modelVersionId, trainingPoints.step], set: values })
    .run();
}

/** A run's points in step order, optionally only those after `afterStep` (for live updates). */
export function listTrainingPoints(db: Db, modelVersionId: number, afterStep?: number): TrainingPoint[] {
  return db
    .select()
    .from(trainingPoints)
    .where(
      and(
        eq(trainingPoints.modelVersionId, modelVersionId),
        afterStep === undefined ? undefined : gt(trainingPoints.step, afterStep),
      ),
    )
    .orderBy(asc(trainingPoints.step))
    .all()
    .map(toPoint);
}

/** Removes the points after `step`: a run resumed from that step's checkpoint computes them again. */
export function deleteTrainingPointsAfter(db: Db, modelVersionId: number, step: number): number {
  return db
    .delete(trainingPoints)
    .where(and(eq(trainingPoints.modelVersionId, modelVersionId), gt(trainingPoints.step, step)))
    .run().changes;
}

/** The number of points and the last step stored, without reading them. */
export function trainingPointStats(db: Db, modelVersionId: number): { count: number; lastStep: number | null } {
  const row = db
    .select({ count: sql<number>`count(*)`, lastStep: sql<number | null>`max(${trainingPoints.step})` })
    .from(trainingPoints)
    .where(eq(trainingPoints.modelVersionId, modelVersionId))
    .get();
  return { count: row?.count ?? 0, lastStep: row?.lastStep ?? null };
}
