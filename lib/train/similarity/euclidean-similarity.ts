import * as tf from "@tensorflow/tfjs";
import { assertComparable, type SimilarityMeasure } from "@/lib/train/similarity/similarity-measure";
import { pairwiseSquaredDistance, rowwiseSquaredDistance } from "@/lib/train/similarity/squared-distance";

/**
 * Added under the square root: d(x, x) would otherwise have the gradient 0/0 = NaN, which
 * happens whenever a batch holds the same text twice. Shifts distances by at most 1e-6.
 */
const SQRT_EPS = 1e-12;

/** Euclidean distance ‖x − y‖ with the ε above, from squared distances of any shape. */
export function safeSqrt<T extends tf.Tensor>(squared: T): T {
  return tf.tidy(() => tf.sqrt(tf.add(squared, SQRT_EPS)) as T);
}

/** Negative Euclidean distance: s = −‖x − y‖, always ≤ 0; finite gradient at x = y. */
export const euclideanSimilarity: SimilarityMeasure = {
  name: "euclidean",
  kind: "negative-distance",
  matrix(a, b) {
    assertComparable(a, b, false, "Euclidean similarity");
    return tf.tidy(() => tf.neg(safeSqrt(pairwiseSquaredDistance(a, b))));
  },
  rowwise(a, b) {
    assertComparable(a, b, true, "Euclidean similarity");
    return tf.tidy(() => tf.neg(safeSqrt(rowwiseSquaredDistance(a, b))));
  },
};
