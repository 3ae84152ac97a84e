/** One embedding as plain numbers (`number[]` or a `Float32Array` row). */
export type Vector = ArrayLike<number>;

/**
 * What every evaluator returns: named metrics (higher is better, plain numbers, JSON-ready
 * except that an undefined metric is NaN) and the name of the one that decides early
 * stopping, the best checkpoint and promotion.
 */
export interface EvaluationResult<K extends string = string> {
  /** The metric to compare model versions by; a key of `metrics`. */
  primary: K;
  metrics: Record<K, number>;
}

/** The value of the primary metric. */
export function primaryValue<K extends string>(result: EvaluationResult<K>): number {
  return result.metrics[result.primary];
}
