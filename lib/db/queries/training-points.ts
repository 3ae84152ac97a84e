import "server-only";
import { and, asc, eq, gt, sql } from "drizzle-orm";
import type { TrainingPoint } from "@/lib/train/history/training-point";
import { type Db, writeTransaction } from "@/lib/db/client";
import { trainingPoints } from "@/lib/db/tables";
import type { TrainingPointRow } from "@/lib/db/schema";

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
export async function recordTrainingSteps(
  db: Db,
  modelVersionId: number,
  points: readonly TrainingPoint[],
): Promise<void> {
  if (points.length === 0) return;
  await writeTransaction(db, async (tx) => {
    for (const p of points) {
      const values = {
        loss: finite(p.loss),
        lr: finite(p.lr),
        gradNorm: finite(p.gradNorm),
        seqPerSec: finite(p.seqPerSec),
        seconds: finite(p.seconds),
      };
      await tx
        .insert(trainingPoints)
        .values({ modelVersionId, step: p.step, ...values })
        .onConflictDoUpdate({ target: [trainingPoints.modelVersionId, trainingPoints.step], set: values });
    }
  });
}

/** Saves an evaluation at `step`, beside the step's loss when that is already stored. */
export async function recordTrainingEvaluation(
  db: Db,
  modelVersionId: number,
  e: { step: number; primary: string; value: number; metrics: Record<string, number> },
): Promise<void> {
  const values = { evalValue: finite(e.value), evalMetric: e.primary, evalMetrics: e.metrics };
  await db
    .insert(trainingPoints)
    .values({ modelVersionId, step: e.step, ...values })
    .onConflictDoUpdate({ target: [trainingPoints.modelVersionId, trainingPoints.step], set: values });
}

/** A run's points in step order, optionally only those after `afterStep` (for live updates). */
export async function listTrainingPoints(db: Db, modelVersionId: number, afterStep?: number): Promise<TrainingPoint[]> {
  const rows = await db
    .select()
    .from(trainingPoints)
    .where(
      and(
        eq(trainingPoints.modelVersionId, modelVersionId),
        afterStep === undefined ? undefined : gt(trainingPoints.step, afterStep),
      ),
    )
    .orderBy(asc(trainingPoints.step));
  return rows.map(toPoint);
}

/** Removes the points after `step`: a run resumed from that step's checkpoint computes them again. */
export async function deleteTrainingPointsAfter(db: Db, modelVersionId: number, step: number): Promise<number> {
  const deleted = await db
    .delete(trainingPoints)
    .where(and(eq(trainingPoints.modelVersionId, modelVersionId), gt(trainingPoints.step, step)))
    .returning({ step: trainingPoints.step });
  return deleted.length;
}

/** The number of points and the last step stored, without reading them. */
export async function trainingPointStats(
  db: Db,
  modelVersionId: number,
): Promise<{ count: number; lastStep: number | null }> {
  const [row] = await db
    .select({ count: sql<number>`count(*)`.mapWith(Number), lastStep: sql<number | null>`max(${trainingPoints.step})` })
    .from(trainingPoints)
    .where(eq(trainingPoints.modelVersionId, modelVersionId));
  return { count: row?.count ?? 0, lastStep: row?.lastStep ?? null };
}
