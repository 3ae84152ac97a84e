/**
 * One point of a training run's history as the dashboard charts it: a step's loss, learning
 * rate and speed, and the evaluation taken at that step when there was one (step 0 holds the
 * base model's evaluation and no loss).
 */
export interface TrainingPoint {
  step: number;
  loss: number | null;
  lr: number | null;
  gradNorm: number | null;
  /** Training sequences per second around this step (smoothed). */
  seqPerSec: number | null;
  /** Seconds of training up to this step. */
  seconds: number | null;
  /** The primary evaluation metric's value at this step, if one was computed. */
  evalValue: number | null;
  /** The primary metric's name, e.g. `retrieval_ndcg@10`. */
  evalMetric: string | null;
  /** Every metric of that evaluation. */
  evalMetrics: Record<string, number> | null;
}

/** A step point with the evaluation fields empty. */
export function stepPoint(p: {
  step: number;
  loss: number;
  lr: number;
  gradNorm?: number;
  seqPerSec?: number;
  seconds?: number;
}): TrainingPoint {
  return {
    step: p.step,
    loss: Number.isFinite(p.loss) ? p.loss : null,
    lr: p.lr,
    gradNorm: p.gradNorm !== undefined && Number.isFinite(p.gradNorm) ? p.gradNorm : null,
    seqPerSec: p.seqPerSec ?? null,
    seconds: p.seconds ?? null,
    evalValue: null,
    evalMetric: null,
    evalMetrics: null,
  };
}

/**
 * At most `max` points for a chart, spread evenly over the run: every evaluation point, the
 * first and the last step are always kept; between them, each bucket of steps is represented
 * by its mean loss and its last learning rate, speed and time (so a spike is smoothed, not lost).
 * Points must be in step order; `max` below 2 is read as 2.
 */
export function downsamplePoints(points: readonly TrainingPoint[], max: number): TrainingPoint[] {
  const limit = Math.max(2, Math.floor(max));
  const steps = points.filter((p) => p.evalValue === null);
  if (points.length <= limit || steps.length <= limit) return [...points];
  const evals = points.filter((p) => p.evalValue !== null);
  const budget = Math.max(2, limit - evals.length);
  const size = Math.ceil(steps.length / budget);
  const merged: TrainingPoint[] = [];
  for (let i = 0; i < steps.length; i += size) {
    const bucket = steps.slice(i, i + size);
    const last = bucket[bucket.length - 1];
    const losses = bucket.map((p) => p.loss).filter((l): l is number => l !== null);
    merged.push({ ...last, loss: losses.length ? losses.reduce((a, b) => a + b, 0) / losses.length : null });
  }
  if (merged[0].step !== steps[0].step) merged.unshift(steps[0]);
  const byStep = new Map<number, TrainingPoint>(merged.map((p) => [p.step, p]));
  for (const e of evals)
    byStep.set(e.step, {
      ...(byStep.get(e.step) ?? e),
      evalValue: e.evalValue,
      evalMetric: e.evalMetric,
      evalMetrics: e.evalMetrics,
    });
  return [...byStep.values()].sort((a, b) => a.step - b.step);
}
