import * as tf from "@tensorflow/tfjs";
import { cosineDistance, type DistanceMeasure } from "@/lib/train/similarity/distance-measure";
import { pairValues, type ScoredPairInputs } from "@/lib/train/losses/loss-inputs";

export interface MarginContrastiveOptions {
  /** Default cosine distance 1 − cos. */
  distance?: DistanceMeasure;
  /** Dissimilar pairs closer than this are pushed apart. Default 0.5 (for cosine distance). */
  margin?: number;
}

/**
 * Margin contrastive loss for labelled pairs (Hadsell, Chopra & LeCun 2006, as
 * sentence-transformers' ContrastiveLoss): mean of ½·[y·d² + (1 − y)·max(0, margin − d)²].
 * Similar pairs are pulled together; dissimilar ones only until they are `margin` apart,
 * so the encoder does not spend capacity separating pairs that are already far.
 * @param inputs `a`, `b`: `[n, dim]`; `scores`: `[n]` labels, 1 = similar, 0 = dissimilar
 *   (values in between weigh both terms)
 * @returns scalar loss, owned by the caller
 */
export function marginContrastiveLoss(inputs: ScoredPairInputs, options: MarginContrastiveOptions = {}): tf.Scalar {
  const { distance = cosineDistance, margin = 0.5 } = options;
  if (!(margin > 0)) throw new Error(`The contrastive margin must be > 0, got ${margin}`);
  return tf.tidy(() => {
    const labels = pairValues(inputs, "The margin contrastive loss");
    const d = distance.rowwise(inputs.a, inputs.b); // [n]
    const pull = tf.mul(labels, tf.square(d));
    const push = tf.mul(tf.sub(1, labels), tf.square(tf.relu(tf.sub(margin, d))));
    return tf.mul(tf.mean(tf.add(pull, push)), 0.5) as tf.Scalar;
  });
}
