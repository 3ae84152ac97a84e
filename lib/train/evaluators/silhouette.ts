import { seededRandom } from "@/lib/core/random";
import type { Vector } from "@/lib/train/evaluators/evaluation-result";
import type { Label } from "@/lib/train/evaluators/partition-agreement";
import { dot, euclidean, unitVector } from "@/lib/train/evaluators/vector-math";

export interface SilhouetteOptions {
  /** Distance between embeddings: 1 − cos (default) or Euclidean. */
  metric?: "cosine" | "euclidean";
  /** Score a random sample of this many items (the cost is quadratic). Default 1000. */
  sampleSize?: number;
  /** Seed of the sample, so that successive evaluations compare like with like. Default 0. */
  seed?: number;
}

/**
 * Mean silhouette coefficient (Rousseeuw 1987): for each item, (b − a) / max(a, b) with a the
 * mean distance to its own cluster and b the mean distance to the nearest other cluster;
 * items alone in their cluster score 0 (as scikit-learn). In [−1, 1], higher is better.
 * On a sample, distances are taken within the sample (as scikit-learn's `sample_size`).
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
  const clusterOf = picked.map((i) => labels[i]);
  const clusterCount = new Set(clusterOf).size;
  if (clusterCount < 2 || clusterCount >= picked.length) return NaN;
  // Unit vectors once, so that each of the n² cosine distances is a single dot product.
  const rows = picked.map((i) => (metric === "cosine" ? unitVector(embeddings[i]) : embeddings[i]));
  const distance = metric === "cosine" ? (x: Vector, y: Vector) => 1 - dot(x, y) : euclidean;
  let total = 0;
  for (let p = 0; p < picked.length; p++) {
    const sums = new Map<Label, { sum: number; count: number }>();
    for (let q = 0; q < picked.length; q++) {
      if (q === p) continue;
      const entry = sums.get(clusterOf[q]) ?? { sum: 0, count: 0 };
      entry.sum += distance(rows[p], rows[q]);
      entry.count++;
      sums.set(clusterOf[q], entry);
    }
    total += itemSilhouette(sums, clusterOf[p]);
  }
  return total / picked.length;
}

function itemSilhouette(sums: Map<Label, { sum: number; count: number }>, own: Label): number {
  const mine = sums.get(own);
  if (!mine) return 0; // alone in its cluster
  const a = mine.sum / mine.count;
  let b = Infinity;
  for (const [label, { sum, count }] of sums) if (label !== own) b = Math.min(b, sum / count);
  const denominator = Math.max(a, b);
  return denominator === 0 ? 0 : (b - a) / denominator;
}

/** All indices when n ≤ size, else `size` distinct ones drawn by a seeded partial shuffle. */
function sampleIndices(n: number, size: number, seed: number): number[] {
  const all = Array.from({ length: n }, (_, i) => i);
  if (n <= size) return all;
  const random = seededRandom(seed);
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(random() * (n - i));
    [all[i], all[j]] = [all[j], all[i]];
  }
  return all.slice(0, size);
}
