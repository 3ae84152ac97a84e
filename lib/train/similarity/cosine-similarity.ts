import * as tf from "@tensorflow/tfjs";
import { assertComparable, type SimilarityMeasure } from "@/lib/train/similarity/similarity-measure";

/**
 * ε² under the squared norm: a zero vector then has cosine 0 with everything instead of NaN,
 * and the gradient of `rsqrt` stays finite there (1e-12 on the norm, as `F.normalize` uses).
 */
const NORM_EPS_SQUARED = 1e-24;

/** Rows scaled to unit length: `x / max(‖x‖, 1e-12)`. `[n, dim]` in, `[n, dim]` out. */
export function unitRows(x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.mul(x, tf.rsqrt(tf.maximum(tf.sum(tf.square(x), 1, true), NORM_EPS_SQUARED))) as tf.Tensor2D);
}

/** Cosine similarity, in [−1, 1]. Insensitive to vector length, so embeddings need not be normalised. */
export const cosineSimilarity: SimilarityMeasure = {
  name: "cosine",
  kind: "similarity",
  matrix(a, b) {
    assertComparable(a, b, false, "cosine similarity");
    return tf.tidy(() => tf.matMul(unitRows(a), unitRows(b), false, true));
  },
  rowwise(a, b) {
    assertComparable(a, b, true, "cosine similarity");
    return tf.tidy(() => tf.sum(tf.mul(unitRows(a), unitRows(b)), 1) as tf.Tensor1D);
  },
};
