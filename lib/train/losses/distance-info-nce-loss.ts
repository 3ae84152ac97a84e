import * as tf from "@tensorflow/tfjs";
import { distanceByName, type DistanceMeasure } from "@/lib/train/similarity/distance-measure";
import {
  infoNceLoss,
  type InfoNceInputs,
  type InfoNceOptions,
  type PairScorer,
} from "@/lib/train/losses/info-nce-loss";

export interface DistanceInfoNceOptions extends Omit<InfoNceOptions, "similarity"> {
  /** d(x, y) ≥ 0. Default Euclidean. */
  distance?: DistanceMeasure;
}

/**
 * The distance form of InfoNCE: −log(e^{−d(x, y⁺)/τ} / Σ_z e^{−d(x, z)/τ}).
 * Sign convention: the softmax is over e^{−d}, so a *smaller* distance to the positive
 * lowers the loss; written with a similarity s this is InfoNCE with s = −d, which is exactly
 * what the negative-distance similarities (`euclidean`, `scaled-squared-l2`) return, so
 * `distanceInfoNceLoss(x, {distance: euclidean})` equals `infoNceLoss(x, {similarity: euclidean})`.
 * With cosine distance 1 − cos the constant 1 cancels in the softmax and it equals cosine InfoNCE.
 * Same inputs, negatives, masks, symmetry and temperature options as {@link infoNceLoss}.
 * @returns scalar loss, owned by the caller
 */
export function distanceInfoNceLoss(inputs: InfoNceInputs, options: DistanceInfoNceOptions = {}): tf.Scalar {
  const { distance = distanceByName("euclidean"), ...rest } = options;
  const negated: PairScorer = {
    matrix: (a, b) => tf.tidy(() => tf.neg(distance.matrix(a, b))),
    rowwise: (a, b) => tf.tidy(() => tf.neg(distance.rowwise(a, b))),
  };
  return infoNceLoss(inputs, { ...rest, similarity: negated });
}
