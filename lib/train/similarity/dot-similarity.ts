import * as tf from "@tensorflow/tfjs";
import { assertComparable, type SimilarityMeasure } from "@/lib/train/similarity/similarity-measure";

/**
 * Dot product x·y, unbounded: equals cosine on L2-normalised embeddings, otherwise it also
 * rewards vector length (useful when the norm should carry confidence).
 */
export const dotSimilarity: SimilarityMeasure = {
  name: "dot",
  kind: "similarity",
  matrix(a, b) {
    assertComparable(a, b, false, "dot similarity");
    return tf.tidy(() => tf.matMul(a, b, false, true));
  },
  rowwise(a, b) {
    assertComparable(a, b, true, "dot similarity");
    return tf.tidy(() => tf.sum(tf.mul(a, b), 1) as tf.Tensor1D);
  },
};
