import * as tf from "@tensorflow/tfjs";
import { cosentLoss } from "@/lib/train/losses/cosent-loss";
import { infoNceLoss } from "@/lib/train/losses/info-nce-loss";
import type { LearnableTemperature } from "@/lib/train/losses/learnable-temperature";
import { marginContrastiveLoss } from "@/lib/train/losses/margin-contrastive-loss";
import { tripletLoss } from "@/lib/train/losses/triplet-loss";
import { cosineDistance, distanceByName, type DistanceMeasure } from "@/lib/train/similarity/distance-measure";
import { similarityByName } from "@/lib/train/similarity/similarity-registry";
import type { SimilarityName } from "@/lib/train/similarity/similarity-measure";
import type { LossName } from "@/lib/train/losses/loss-names";
import type { TrainingBatch } from "@/lib/train/trainer/training-batch";

export { LOSS_NAMES, type LossName } from "@/lib/train/losses/loss-names";

/** How a batch's embeddings become a scalar loss. */
export interface LossConfig {
  /** The loss of pair batches. Scored batches use CoSENT, or the margin loss when this is `margin`. */
  loss: LossName;
  similarity: SimilarityName;
  /** InfoNCE temperature τ (ignored with a learnable one). */
  temperature: number;
  /** InfoNCE in both directions (anchors → positives and back). */
  symmetric: boolean;
  /** Every anchor sees every extra negative (true) or only its own. */
  shareNegatives: boolean;
  /** Triplet / margin margin; default by loss (triplet 0.5 in similarity, margin 0.5 in distance). */
  margin?: number;
  /** CoSENT's λ. Default 20. */
  cosentScale?: number;
}

/** Embeddings of a batch's roles, row for row with {@link TrainingBatch.roles}. */
export type RoleEmbeddings = tf.Tensor2D[];

/** The distance matching a similarity name, for the margin loss. */
function distanceFor(similarity: SimilarityName): DistanceMeasure {
  // The dot product has no distance; its margin loss uses the cosine distance of the same vectors.
  return similarity === "dot" ? cosineDistance : distanceByName(similarity);
}

/**
 * The hardest in-batch candidate of each anchor (the most similar other positive, or one
 * of its negatives), chosen without gradient and gathered with it: batch-hard triplets
 * (Hermans et al. 2017) when no explicit negative exists.
 * @returns `[b, dim]`
 */
function hardestNegatives(batch: TrainingBatch, e: RoleEmbeddings, config: LossConfig): tf.Tensor2D {
  const similarity = similarityByName(config.similarity);
  const [anchors, positives, negatives] = e;
  const candidates = negatives ? (tf.concat([positives, negatives], 0) as tf.Tensor2D) : positives;
  const b = batch.rows;
  const k = batch.negativesPerAnchor;
  const scores = similarity.matrix(anchors, candidates).arraySync() as number[][];
  const ids = [...batch.textIds[1], ...(batch.textIds[2] ?? [])];
  const pick = scores.map((row, i) => {
    let best = -1;
    row.forEach((s, j) => {
      const own = j === i || ids[j] === batch.textIds[0][i] || ids[j] === batch.textIds[1][i];
      const foreign = j >= b && k > 0 && Math.floor((j - b) / k) !== i; // another anchor's negative
      if (!own && !foreign && (best < 0 || s > row[best])) best = j;
    });
    return best < 0 ? (i + 1) % Math.max(1, candidates.shape[0]) : best;
  });
  return tf.gather(candidates, tf.tensor1d(pick, "int32")) as tf.Tensor2D;
}

/** Pairs as scored pairs: matches score 1; each anchor against its negatives (or the next positive) 0. */
function pairsAsScored(batch: TrainingBatch, e: RoleEmbeddings): { a: tf.Tensor2D; b: tf.Tensor2D; scores: number[] } {
  const [anchors, positives, negatives] = e;
  const b = batch.rows;
  let mismatched: tf.Tensor2D;
  let mismatchAnchors: tf.Tensor2D;
  if (negatives && batch.negativesPerAnchor > 0) {
    const k = batch.negativesPerAnchor;
    mismatched = negatives;
    mismatchAnchors = tf.gather(
      anchors,
      tf.tensor1d(
        Array.from({ length: b * k }, (_, i) => Math.floor(i / k)),
        "int32",
      ),
    ) as tf.Tensor2D;
  } else if (negatives) {
    mismatched = negatives;
    mismatchAnchors = tf.gather(
      anchors,
      tf.tensor1d(
        Array.from({ length: negatives.shape[0] }, (_, i) => i % b),
        "int32",
      ),
    ) as tf.Tensor2D;
  } else {
    mismatched = tf.gather(
      positives,
      tf.tensor1d(
        Array.from({ length: b }, (_, i) => (i + 1) % b),
        "int32",
      ),
    ) as tf.Tensor2D;
    mismatchAnchors = anchors;
  }
  const n = mismatched.shape[0];
  return {
    a: tf.concat([anchors, mismatchAnchors], 0) as tf.Tensor2D,
    b: tf.concat([positives, mismatched], 0) as tf.Tensor2D,
    scores: [...new Array<number>(b).fill(1), ...new Array<number>(n).fill(0)],
  };
}

/**
 * The loss of one batch (or shard) from its role embeddings.
 * - `infonce`: InfoNCE over in-batch positives plus extra negatives, duplicates masked out;
 * - `triplet`: against each anchor's hardest in-batch candidate (batch-hard);
 * - `margin`: matches labelled 1, anchor–negative (or anchor–next positive) pairs 0;
 * - `cosent` on pairs: the same labelled pairs ranked by CoSENT.
 * Scored batches: CoSENT on their gold scores (margin loss with scores as labels under `margin`).
 * @returns scalar, owned by the caller
 */
export function batchLoss(
  batch: TrainingBatch,
  e: RoleEmbeddings,
  config: LossConfig,
  temperature?: LearnableTemperature,
): tf.Scalar {
  return tf.tidy(() => {
    const similarity = similarityByName(config.similarity);
    if (batch.kind === "scored") {
      const inputs = { a: e[0], b: e[1], scores: batch.scores! };
      if (config.loss === "margin")
        return marginContrastiveLoss(inputs, { distance: distanceFor(config.similarity), margin: config.margin });
      return cosentLoss(inputs, { similarity, scale: config.cosentScale });
    }
    switch (config.loss) {
      case "infonce":
        return infoNceLoss(
          {
            anchors: e[0],
            positives: e[1],
            negatives: e[2],
            ids: { anchors: batch.textIds[0], positives: batch.textIds[1], negatives: batch.textIds[2] },
          },
          {
            similarity,
            temperature: config.temperature,
            learnableTemperature: temperature,
            symmetric: config.symmetric,
            shareNegatives: config.shareNegatives || batch.negativesPerAnchor === 0,
          },
        );
      case "triplet":
        return tripletLoss(
          { anchors: e[0], positives: e[1], negatives: hardestNegatives(batch, e, config) },
          { similarity, margin: config.margin },
        );
      case "margin":
        return marginContrastiveLoss(pairsAsScored(batch, e), {
          distance: distanceFor(config.similarity),
          margin: config.margin,
        });
      case "cosent":
        return cosentLoss(pairsAsScored(batch, e), { similarity, scale: config.cosentScale });
    }
  });
}
