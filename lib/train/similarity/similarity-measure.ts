import type * as tf from "@tensorflow/tfjs";

/** The names {@link similarityByName} accepts. */
export const SIMILARITY_NAMES = ["cosine", "dot", "scaled-squared-l2", "euclidean"] as const;

export type SimilarityName = (typeof SIMILARITY_NAMES)[number];

/**
 * A similarity s(x, y): larger means more alike. Distances enter as their negation
 * (`kind: "negative-distance"`, s = −d ≤ 0), so every loss can maximise s without caring
 * which geometry it uses. Both functions return new tensors owned by the caller and are
 * differentiable with respect to both inputs.
 */
export interface SimilarityMeasure {
  readonly name: SimilarityName;
  /** `"negative-distance"` when s = −d(x, y) for a distance d ≥ 0; `"similarity"` otherwise. */
  readonly kind: "similarity" | "negative-distance";
  /**
   * Every pair: `out[i, j] = s(a[i], b[j])`.
   * @param a `[n, dim]`
   * @param b `[m, dim]`
   * @returns `[n, m]`
   */
  matrix(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D;
  /**
   * Row against row: `out[i] = s(a[i], b[i])`.
   * @param a `[n, dim]`
   * @param b `[n, dim]`
   * @returns `[n]`
   */
  rowwise(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor1D;
}

/** Throws a message naming the shapes when two embedding batches cannot be compared. */
export function assertComparable(a: tf.Tensor, b: tf.Tensor, sameRows: boolean, what: string): void {
  if (a.rank !== 2 || b.rank !== 2) {
    throw new Error(
      `${what} needs two [rows, dim] embedding matrices, got [${a.shape}] and [${b.shape}]: pool the token vectors first`,
    );
  }
  if (a.shape[1] !== b.shape[1]) {
    throw new Error(
      `${what}: embedding sizes differ ([${a.shape}] vs [${b.shape}]): both sides must come from the same encoder`,
    );
  }
  if (sameRows && a.shape[0] !== b.shape[0]) {
    throw new Error(
      `${what} compares row i with row i but got ${a.shape[0]} and ${b.shape[0]} rows: pass as many rows on each side`,
    );
  }
}
