import * as tf from "@tensorflow/tfjs";
import type { BertEncoder, EncoderInputs } from "@/lib/model/bert/bert-encoder";

/**
 * Mean of the token vectors over the attention mask (sentence-transformers' mean pooling).
 * @param hidden `[batch, seq, hidden]`
 * @param mask `[batch, seq]`, 1 on tokens, 0 on padding
 * @returns `[batch, hidden]`; an all-padding row gives zeros, not NaN
 */
export function meanPool(hidden: tf.Tensor3D, mask: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const weights = tf.expandDims(tf.cast(mask, "float32"), 2); // [b, s, 1]
    const summed = tf.sum(tf.mul(hidden, weights), 1); // [b, h]
    const counts = tf.maximum(tf.sum(weights, 1), 1e-9); // [b, 1], as sentence-transformers clamps
    return tf.div(summed, counts) as tf.Tensor2D;
  });
}

/**
 * Scales each row to unit L2 norm: `x / max(‖x‖, 1e-12)`, like `torch.nn.functional.normalize`.
 * Written as `x · rsqrt(max(‖x‖², 1e-24))` so that the gradient stays finite at zero.
 * @param x `[batch, dim]`
 */
export function l2Normalize(x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.mul(x, tf.rsqrt(tf.maximum(tf.sum(tf.square(x), 1, true), 1e-24))) as tf.Tensor2D);
}

export interface SentenceEmbeddingOptions {
  /** L2-normalise the pooled vectors (cosine similarity becomes a dot product). Default true. */
  normalize?: boolean;
  /** Dropout on, for training (and SimCSE's two views). Default false. */
  training?: boolean;
}

/**
 * Sentence vectors: encoder forward, mean pooling over the mask, optional L2 normalisation.
 * Differentiable; call inside `tf.tidy`, `tf.variableGrads` or `optimizer.minimize`, or dispose.
 * @returns `[batch, hidden]`
 */
export function sentenceEmbedding(
  encoder: BertEncoder,
  inputs: EncoderInputs,
  options: SentenceEmbeddingOptions = {},
): tf.Tensor2D {
  const { normalize = true, training = false } = options;
  return tf.tidy(() => {
    const pooled = meanPool(encoder.forward(inputs, { training }), inputs.attentionMask);
    return normalize ? l2Normalize(pooled) : pooled;
  });
}
