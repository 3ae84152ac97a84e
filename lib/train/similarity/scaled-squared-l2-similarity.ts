import * as tf from "@tensorflow/tfjs";
import { assertComparable, type SimilarityMeasure } from "@/lib/train/similarity/similarity-measure";
import { pairwiseSquaredDistance, rowwiseSquaredDistance } from "@/lib/train/similarity/squared-distance";

/**
 * Negative scaled squared L2: s = −‖x − y‖² / dim, always ≤ 0. Dividing by the embedding
 * size keeps the logits of a softmax loss in the same range whatever the model width.
 * Smooth everywhere, so its gradient is finite even for identical vectors.
 */
export const scaledSquaredL2Similarity: SimilarityMeasure = {
  name: "scaled-squared-l2",
  kind: "negative-distance",
  matrix(a, b) {
    assertComparable(a, b, false, "scaled squared L2 similarity");
    return tf.tidy(() => tf.div(pairwiseSquaredDistance(a, b), -a.shape[1]) as tf.Tensor2D);
  },
  rowwise(a, b) {
    assertComparable(a, b, true, "scaled squared L2 similarity");
    return tf.tidy(() => tf.div(rowwiseSquaredDistance(a, b), -a.shape[1]) as tf.Tensor1D);
  },
};
