import * as tf from "@tensorflow/tfjs";
import { cosineSimilarity } from "@/lib/train/similarity/cosine-similarity";
import { similarityByName } from "@/lib/train/similarity/similarity-registry";
import type { SimilarityMeasure, SimilarityName } from "@/lib/train/similarity/similarity-measure";

/**
 * A distance d(x, y) ≥ 0, 0 for identical vectors: what margin losses and the distance
 * form of InfoNCE are written in. Built from a {@link SimilarityMeasure}:
 * cosine gives d = 1 − cos ∈ [0, 2]; a negative-distance measure gives d = −s.
 * Both functions return new tensors owned by the caller.
 */
export interface DistanceMeasure {
  /** The similarity the distance comes from. */
  readonly name: SimilarityName;
  /** `[n, dim]` × `[m, dim]` → `[n, m]`, `out[i, j] = d(a[i], b[j])`. */
  matrix(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D;
  /** `[n, dim]` × `[n, dim]` → `[n]`, `out[i] = d(a[i], b[i])`. */
  rowwise(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor1D;
}

/**
 * The distance that goes with a similarity.
 * @throws for the dot product, which has no distance (it is unbounded above)
 */
export function distanceFromSimilarity(similarity: SimilarityMeasure): DistanceMeasure {
  // d = offset − s: cosine is bounded by 1, so 1 − cos is 0 for parallel vectors.
  let offset: number;
  if (similarity.kind === "negative-distance") offset = 0;
  else if (similarity.name === "cosine") offset = 1;
  else {
    throw new Error(
      `The "${similarity.name}" similarity has no distance form: use cosine, euclidean or scaled-squared-l2`,
    );
  }
  const toDistance = <T extends tf.Tensor>(s: T): T => tf.tidy(() => tf.sub(offset, s) as T);
  return {
    name: similarity.name,
    matrix: (a, b) => tf.tidy(() => toDistance(similarity.matrix(a, b))),
    rowwise: (a, b) => tf.tidy(() => toDistance(similarity.rowwise(a, b))),
  };
}

/** Cosine distance 1 − cos(x, y), the default of the margin contrastive loss. */
export const cosineDistance: DistanceMeasure = distanceFromSimilarity(cosineSimilarity);

/**
 * The distance named after its similarity (`cosine`, `euclidean`, `scaled-squared-l2`).
 * @throws listing the names when unknown, or for `dot`, which has no distance
 */
export function distanceByName(name: string): DistanceMeasure {
  return distanceFromSimilarity(similarityByName(name));
}
