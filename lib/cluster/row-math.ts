/**
 * Small helpers over row-major `[rows, dim]` float arrays shared by the clustering and
 * projection code. Pure and allocation-light: the hot loops run over 100,000 × 384 values.
 */
import { rowDistance2 } from "@/lib/core/vector-math";

/** Copies the rows `indices` of `vectors` (`[rows, dim]`) into a new `[indices.length, dim]` array. */
export function gatherRows(vectors: Float32Array, dim: number, indices: ArrayLike<number>): Float32Array {
  const out = new Float32Array(indices.length * dim);
  for (let i = 0; i < indices.length; i++) out.set(vectors.subarray(indices[i] * dim, (indices[i] + 1) * dim), i * dim);
  return out;
}

/**
 * Mean of the rows of each cluster: `[k, dim]`. Rows labelled −1 (outliers) or ≥ k are ignored;
 * an empty cluster's centroid is all zeros.
 */
export function clusterCentroids(
  vectors: ArrayLike<number>,
  dim: number,
  labels: ArrayLike<number>,
  k: number,
): Float64Array {
  const sums = new Float64Array(k * dim);
  const counts = new Float64Array(k);
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i];
    if (c < 0 || c >= k) continue;
    counts[c]++;
    for (let d = 0; d < dim; d++) sums[c * dim + d] += vectors[i * dim + d];
  }
  for (let c = 0; c < k; c++) for (let d = 0; d < dim; d++) sums[c * dim + d] /= Math.max(1, counts[c]);
  return sums;
}

/** The nearest centroid (squared Euclidean) of every row: `[rows]` in 0 … k − 1, and its distance². */
export function nearestCentroids(
  vectors: ArrayLike<number>,
  dim: number,
  centroids: ArrayLike<number>,
): { labels: Int32Array; distances: Float64Array } {
  const rows = vectors.length / dim;
  const k = centroids.length / dim;
  const labels = new Int32Array(rows);
  const distances = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let best = 0;
    let bestD = Infinity;
    for (let c = 0; c < k; c++) {
      const d = rowDistance2(vectors, i, centroids, c, dim);
      if (d < bestD) [bestD, best] = [d, c];
    }
    labels[i] = best;
    distances[i] = bestD;
  }
  return { labels, distances };
}
