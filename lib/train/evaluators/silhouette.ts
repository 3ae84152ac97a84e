import { sampleIndices } from "@/lib/core/random";
import { distanceMatrix, silhouetteFromDistances, type DistanceMetric } from "@/lib/core/silhouette";
import type { Vector } from "@/lib/train/evaluators/evaluation-result";
import type { Label } from "@/lib/train/evaluators/partition-agreement";

export interface SilhouetteOptions {
  /** Distance between embeddings: 1 − cos (default) or Euclidean. */
  metric?: DistanceMetric;
  /** Score a random sample of this many items (the cost is quadratic). Default 1000. */
  sampleSize?: number;
  /** Seed of the sample, so that successive evaluations compare like with like. Default 0. */
  seed?: number;
}

/**
 * Mean silhouette coefficient (Rousseeuw 1987) of labelled embeddings: for each item,
 * (b − a) / max(a, b) with a the mean distance to its own cluster and b the mean distance to the
 * nearest other cluster; items alone in their cluster score 0 (as scikit-learn). In [−1, 1],
 * higher is better. On a sample, distances are taken within the sample (as scikit-learn's
 * `sample_size`).
 * @returns NaN when the (sampled) items fall in fewer than 2 clusters or each in its own
 */
export function silhouetteScore(
  embeddings: readonly Vector[],
  labels: readonly Label[],
  options: SilhouetteOptions = {},
): number {
  const { metric = "cosine", sampleSize = 1000, seed = 0 } = options;
  if (embeddings.length !== labels.length) {
    throw new Error(`Silhouette: ${embeddings.length} embeddings but ${labels.length} labels: give one label per item`);
  }
  const picked = sampleIndices(embeddings.length, sampleSize, seed);
  const clusterIds = new Map<Label, number>();
  const clusterOf = Int32Array.from(picked, (i) => {
    if (!clusterIds.has(labels[i])) clusterIds.set(labels[i], clusterIds.size);
    return clusterIds.get(labels[i])!;
  });
  if (clusterIds.size < 2 || clusterIds.size >= picked.length) return NaN;
  const dim = embeddings[picked[0]].length;
  const rows = new Float64Array(picked.length * dim);
  picked.forEach((i, r) => rows.set(embeddings[i], r * dim));
  return silhouetteFromDistances(distanceMatrix(rows, dim, metric), clusterOf);
}
