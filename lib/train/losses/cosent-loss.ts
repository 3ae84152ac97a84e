import * as tf from "@tensorflow/tfjs";
import { cosineSimilarity } from "@/lib/train/similarity/cosine-similarity";
import type { SimilarityMeasure } from "@/lib/train/similarity/similarity-measure";
import { pairValues, type ScoredPairInputs } from "@/lib/train/losses/loss-inputs";

export interface CosentOptions {
  /** Default cosine. */
  similarity?: SimilarityMeasure;
  /** λ, the scale of the similarities inside the exponent. Default 20. */
  scale?: number;
}

/** Masked-out terms: e^{−1e12} is exactly 0 and, unlike −Infinity, keeps gradients finite. */
const EXCLUDED = -1e12;

/**
 * CoSENT (Su 2022, sentence-transformers' CoSENTLoss) for graded pairs:
 * log(1 + Σ_{gold_i > gold_j} e^{λ(s_j − s_i)}), over every ordered pair of pairs in the batch.
 * Only the order of the gold scores matters, so 0–5 and 0–1 scales train the same; pairs with
 * equal scores add nothing.
 * @param inputs `a`, `b`: `[n, dim]`; `scores`: `[n]` gold similarity of `a[i]` and `b[i]`
 * @returns scalar loss, owned by the caller
 */
export function cosentLoss(inputs: ScoredPairInputs, options: CosentOptions = {}): tf.Scalar {
  const { similarity = cosineSimilarity, scale = 20 } = options;
  return tf.tidy(() => {
    const gold = pairValues(inputs, "The CoSENT loss");
    const s = tf.mul(similarity.rowwise(inputs.a, inputs.b), scale); // [n]
    // diff[i, j] = s_j − s_i, kept where gold_i > gold_j (pair i should score higher).
    const diff = tf.sub(tf.expandDims(s, 0), tf.expandDims(s, 1));
    const ordered = tf.greater(tf.expandDims(gold, 1), tf.expandDims(gold, 0));
    const terms = tf.where(ordered, diff, tf.fill(diff.shape, EXCLUDED));
    // The leading 0 is the "1 +" inside the log.
    return tf.logSumExp(tf.concat([tf.zeros([1]), tf.reshape(terms, [-1])])) as tf.Scalar;
  });
}
