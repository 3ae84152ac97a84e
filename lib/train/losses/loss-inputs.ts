import * as tf from "@tensorflow/tfjs";

/** Pairs of embeddings with one number per pair (a label or a gold score). */
export interface ScoredPairInputs {
  /** `[n, dim]` */
  a: tf.Tensor2D;
  /** `[n, dim]`, row i paired with `a[i]` */
  b: tf.Tensor2D;
  /** `[n]` */
  scores: readonly number[] | tf.Tensor1D;
}

/**
 * The per-pair numbers as a float32 `[n]` tensor (a new one; caller disposes or tidies).
 * @throws when their count is not the number of pairs
 */
export function pairValues(inputs: ScoredPairInputs, what: string): tf.Tensor1D {
  const n = inputs.a.shape[0];
  if (inputs.b.shape[0] !== n) {
    throw new Error(`${what} needs as many rows in a as in b, got ${n} and ${inputs.b.shape[0]}`);
  }
  const { scores } = inputs;
  const count = scores instanceof tf.Tensor ? scores.size : scores.length;
  if (count !== n) throw new Error(`${what} needs one score per pair: ${n} pairs but ${count} scores`);
  return scores instanceof tf.Tensor
    ? (tf.cast(tf.reshape(scores, [n]), "float32") as tf.Tensor1D)
    : tf.tensor1d(scores as number[], "float32");
}
