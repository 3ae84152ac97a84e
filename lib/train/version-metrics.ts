import path from "node:path";
import type { TrainingResult } from "@/lib/train/trainer/train-run";

/** The result as stored on the model version: the kept model's metrics, the baseline and the run's facts. */
export function versionMetrics(result: TrainingResult, runDir: string): Record<string, unknown> {
  return {
    ...result.metrics,
    primary: result.primary,
    baseline: result.baseline,
    steps: result.steps,
    bestStep: result.bestStep,
    stoppedEarly: result.stoppedEarly,
    ...(result.resumedFrom !== undefined ? { resumedFrom: result.resumedFrom } : {}),
    trainingSeconds: result.seconds,
    backend: result.backend,
    workers: result.workers,
    sources: result.sources,
    recipe: result.recipe,
    curve: path.join(runDir, "curve.json"),
  };
}
