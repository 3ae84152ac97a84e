import type { TrainingPoint } from "@/lib/train/history/training-point";

/** The numbers at the top of a training dashboard. */
export interface RunSummary {
  lastStep: number | null;
  lastLoss: number | null;
  lastLr: number | null;
  /** Sequences per second at the last step that reported it. */
  seqPerSec: number | null;
  /** Seconds of training up to the last step. */
  elapsedSeconds: number | null;
  /** The best evaluation after step 0 (higher is better), with the base model's score (step 0) beside it. */
  best: { step: number; value: number; metric: string } | null;
  baseline: number | null;
  evaluations: number;
}

/** Reads the history (in step order) into a {@link RunSummary}. */
export function summarizeRun(points: readonly TrainingPoint[]): RunSummary {
  const steps = points.filter((p) => p.loss !== null);
  const last = steps.at(-1);
  const evals = points.filter((p) => p.evalValue !== null);
  let best: RunSummary["best"] = null;
  for (const e of evals) {
    if (e.step > 0 && (best === null || e.evalValue! > best.value))
      best = { step: e.step, value: e.evalValue!, metric: e.evalMetric ?? "metric" };
  }
  const withRate = [...steps].reverse().find((p) => p.seqPerSec !== null);
  return {
    lastStep: last?.step ?? null,
    lastLoss: last?.loss ?? null,
    lastLr: last?.lr ?? null,
    seqPerSec: withRate?.seqPerSec ?? null,
    elapsedSeconds: last?.seconds ?? null,
    best,
    baseline: evals.find((e) => e.step === 0)?.evalValue ?? null,
    evaluations: evals.length,
  };
}

/**
 * Seconds left: the job's own estimate while it runs, else from the run's pace
 * (elapsed seconds per step times the steps left); null when unknown.
 */
export function etaSeconds(
  summary: Pick<RunSummary, "lastStep" | "elapsedSeconds">,
  totalSteps: number,
  jobEta: number | null,
): number | null {
  if (jobEta !== null && jobEta > 0) return jobEta;
  const { lastStep, elapsedSeconds } = summary;
  if (!lastStep || elapsedSeconds === null || totalSteps <= lastStep) return null;
  return (elapsedSeconds / lastStep) * (totalSteps - lastStep);
}
