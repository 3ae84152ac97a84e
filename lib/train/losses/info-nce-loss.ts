import * as tf from "@tensorflow/tfjs";
import { cosineSimilarity } from "@/lib/train/similarity/cosine-similarity";
import type { SimilarityMeasure } from "@/lib/train/similarity/similarity-measure";
import { falseNegativeMask, type BatchTextIds } from "@/lib/train/losses/false-negative-mask";
import type { LearnableTemperature } from "@/lib/train/losses/learnable-temperature";

/** What InfoNCE scores pairs with: the two functions of a {@link SimilarityMeasure}. */
export type PairScorer = Pick<SimilarityMeasure, "matrix" | "rowwise">;

/** A batch of (anchor, positive) pairs, with optional hard negatives. */
export interface InfoNceInputs {
  /** `[b, dim]` */
  anchors: tf.Tensor2D;
  /** `[b, dim]`; `positives[i]` is the match of `anchors[i]`, every other row is a negative for it. */
  positives: tf.Tensor2D;
  /**
   * Extra negatives, k per anchor: `[b, k, dim]`, or `[b·k, dim]` with rows i·k … i·k + k − 1
   * belonging to anchor i (with shared negatives any row count is accepted).
   */
  negatives?: tf.Tensor2D | tf.Tensor3D;
  /**
   * True where candidate j must not count as a negative for anchor i (a duplicate text):
   * `[b, b]` over the positives, or `[b, b + negative columns]`. The diagonal is ignored;
   * the symmetric direction uses the transpose of the `[b, b]` block. See {@link falseNegativeMask}.
   */
  exclude?: tf.Tensor2D | boolean[][];
  /** Text ids from which the exclusion mask is built (ignored when `exclude` is given). */
  ids?: BatchTextIds;
}

export interface InfoNceOptions {
  /** Default cosine. */
  similarity?: PairScorer;
  /** Fixed temperature τ; logits are s/τ. Default 0.05. Ignored with `learnableTemperature`. */
  temperature?: number;
  /** Trainable τ; its variable receives a gradient through this loss. */
  learnableTemperature?: LearnableTemperature;
  /** Also positives → anchors (over the `[b, b]` block only) and average the two. Default false. */
  symmetric?: boolean;
  /**
   * Every anchor is scored against every extra negative (true, default: more negatives for
   * the same compute, as sentence-transformers does) or only against its own k (false).
   */
  shareNegatives?: boolean;
}

/** A logit low enough that e^logit is exactly 0 in float32, yet finite (no NaN in gradients). */
const EXCLUDED_LOGIT = -1e9;

/**
 * InfoNCE / softmax contrastive loss (sentence-transformers' MultipleNegativesRankingLoss):
 * mean over anchors of −log(e^{s(x, y⁺)/τ} / Σ_z e^{s(x, z)/τ}), where z runs over every
 * positive in the batch plus the extra negatives, minus excluded duplicates.
 * Expects pairs of texts that mean the same (question/answer, title/body, two views of one
 * text) and as large a batch as fits: the other rows are the negatives.
 * @returns scalar loss, owned by the caller; differentiable wrt the embeddings and τ
 */
export function infoNceLoss(inputs: InfoNceInputs, options: InfoNceOptions = {}): tf.Scalar {
  const { similarity = cosineSimilarity, symmetric = false, shareNegatives = true } = options;
  const b = inputs.anchors.shape[0];
  return tf.tidy(() => {
    const scale = logitScale(options);
    const scores = candidateScores(inputs, similarity, shareNegatives); // [b, C]
    const logits = tf.mul(scores, scale) as tf.Tensor2D;
    const exclude = exclusionMask(inputs, b, logits.shape[1], shareNegatives);
    const forward = diagonalCrossEntropy(logits, exclude);
    if (!symmetric) return forward;
    // s is symmetric, so the positives → anchors logits are the transpose of the [b, b] block.
    const backLogits = tf.transpose(tf.slice(logits, [0, 0], [b, b])) as tf.Tensor2D;
    const backExclude = exclude && (tf.transpose(tf.slice(exclude, [0, 0], [b, b])) as tf.Tensor2D);
    return tf.div(tf.add(forward, diagonalCrossEntropy(backLogits, backExclude)), 2) as tf.Scalar;
  });
}

/** 1/τ as a scalar tensor: from the learnable variable, or the fixed temperature. */
function logitScale(options: InfoNceOptions): tf.Scalar {
  if (options.learnableTemperature) return options.learnableTemperature.scale();
  const temperature = options.temperature ?? 0.05;
  if (!(temperature > 0)) throw new Error(`InfoNCE temperature must be > 0, got ${temperature}`);
  return tf.scalar(1 / temperature);
}

/** Scores `[b, C]`: column j < b against positive j, then the extra negatives. */
function candidateScores(inputs: InfoNceInputs, similarity: PairScorer, share: boolean): tf.Tensor2D {
  const { anchors, positives, negatives } = inputs;
  const b = anchors.shape[0];
  if (positives.shape[0] !== b) {
    throw new Error(`InfoNCE needs one positive per anchor, got ${b} anchors and ${positives.shape[0]} positives`);
  }
  if (!negatives) return similarity.matrix(anchors, positives);
  const dim = anchors.shape[1];
  const flat = tf.reshape(negatives, [-1, dim]) as tf.Tensor2D; // [b·k, dim]
  if (share) return similarity.matrix(anchors, tf.concat([positives, flat], 0));
  const k = flat.shape[0] / b;
  if (!Number.isInteger(k)) {
    throw new Error(`InfoNCE with per-anchor negatives needs k rows per anchor, got ${flat.shape[0]} for ${b} anchors`);
  }
  // Anchor i repeated k times meets its own negatives row for row: [b·k] → [b, k].
  const repeated = tf.reshape(tf.tile(tf.expandDims(anchors, 1), [1, k, 1]), [-1, dim]) as tf.Tensor2D;
  const own = tf.reshape(similarity.rowwise(repeated, flat), [b, k]) as tf.Tensor2D;
  return tf.concat([similarity.matrix(anchors, positives), own], 1);
}

/** The exclusion mask as a bool `[b, C]` tensor (narrower masks padded with false), or undefined. */
function exclusionMask(inputs: InfoNceInputs, b: number, columns: number, share: boolean): tf.Tensor2D | undefined {
  const given = inputs.exclude ?? (inputs.ids && falseNegativeMask(inputs.ids, share));
  if (!given) return undefined;
  let mask = (Array.isArray(given) ? tf.tensor2d(given, undefined, "bool") : tf.cast(given, "bool")) as tf.Tensor2D;
  const [rows, cols] = mask.shape;
  if (rows !== b || (cols !== b && cols !== columns)) {
    throw new Error(`InfoNCE exclusion mask is [${mask.shape}] but must be [${b}, ${b}] or [${b}, ${columns}]`);
  }
  if (cols < columns) mask = tf.concat([mask, tf.zeros([b, columns - cols], "bool")], 1) as tf.Tensor2D;
  // The true positive can never be excluded, whatever the caller's mask says.
  return tf.logicalAnd(mask, tf.logicalNot(tf.cast(tf.eye(b, columns), "bool"))) as tf.Tensor2D;
}

/**
 * Softmax cross-entropy whose target for row i is column i, averaged over rows.
 * @param logits `[b, C]`, C ≥ b
 * @param exclude bool `[b, C]`: columns left out of row i's softmax
 */
export function diagonalCrossEntropy(logits: tf.Tensor2D, exclude?: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const [b, columns] = logits.shape;
    const target = tf.sum(tf.mul(logits, tf.eye(b, columns)), 1); // [b]
    const kept = exclude ? tf.where(exclude, tf.fill([b, columns], EXCLUDED_LOGIT), logits) : logits;
    return tf.mean(tf.sub(tf.logSumExp(kept, 1), target)) as tf.Scalar;
  });
}
