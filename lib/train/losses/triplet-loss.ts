import * as tf from "@tensorflow/tfjs";
import { cosineSimilarity } from "@/lib/train/similarity/cosine-similarity";
import type { SimilarityMeasure } from "@/lib/train/similarity/similarity-measure";

/** Triplets of embeddings, row for row. */
export interface TripletInputs {
  /** `[n, dim]` */
  anchors: tf.Tensor2D;
  /** `[n, dim]`, should be closer to the anchor */
  positives: tf.Tensor2D;
  /** `[n, dim]`, should be farther from the anchor */
  negatives: tf.Tensor2D;
}

export interface TripletOptions {
  /** Default cosine. With a negative-distance measure this is the classic distance triplet loss. */
  similarity?: SimilarityMeasure;
  /** How much more similar the positive must be than the negative. Default 0.5 (for cosine). */
  margin?: number;
}

/**
 * Triplet loss: mean of max(0, s(a, n) − s(a, p) + margin). Uses only the given negative
 * (no in-batch negatives), so it suits uploaded triplets and mined hard negatives.
 * @returns scalar loss, owned by the caller
 */
export function tripletLoss(inputs: TripletInputs, options: TripletOptions = {}): tf.Scalar {
  const { similarity = cosineSimilarity, margin = 0.5 } = options;
  if (!(margin >= 0)) throw new Error(`The triplet margin must be ≥ 0, got ${margin}`);
  const { anchors, positives, negatives } = inputs;
  return tf.tidy(() => {
    const toPositive = similarity.rowwise(anchors, positives);
    const toNegative = similarity.rowwise(anchors, negatives);
    return tf.mean(tf.relu(tf.add(tf.sub(toNegative, toPositive), margin))) as tf.Scalar;
  });
}
