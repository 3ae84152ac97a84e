/**
 * Small helpers over row-major `[rows, dim]` float arrays shared by the clustering and
 * projection code. Pure and allocation-light: the hot loops run over 100,000 × 384 values.
 */
import { seededRandom } from "@/lib/core/random";

/** Squared Euclidean distance between row `a` of `x` and row `b` of `y` (both `[*, dim]`). */
export function rowDistance2(x: ArrayLike<number>, a: number, y: ArrayLike<number>, b: number, dim: number): number {
  let sum = 0;
  const xa = a * dim;
  const yb = b * dim;
  for (let d = 0; d < dim; d++) {
    const diff = x[xa + d] - y[yb + d];
    sum += diff * diff;
  }
  return sum;
}

/** Copies the rows `indices` of `vectors` (`[rows, dim]`) into a new `[indices.length, dim]` array. */
export function gatherRows(vectors: Float32Array, dim: number, indices: ArrayLike<number>): Float32Array {
  const out = new Float32Array(indices.length * dim);
  for (let i = 0; i < indices.length; i++) out.set(vectors.subarray(indices[i] * dim, (indices[i] + 1) * dim), i * dim);
  return out;
}

/** A copy of `vectors` with every row scaled to unit length (zero rows stay zero). */
export function normalizeRows(vectors: ArrayLike<number>, dim: number): Float32Array {
  const out = Float32Array.from(vectors);
  for (let r = 0; r < out.length / dim; r++) {
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += out[r * dim + d] ** 2;
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let d = 0; d < dim; d++) out[r * dim + d] *= scale;
  }
  return out;
}

/**
 * `min(n, size)` distinct indices in [0, n), drawn by a seeded partial Fisher–Yates shuffle and
 * returned ascending, so a sample is reproducible and keeps the input's order.
 */
export function sampleIndices(n: number, size: number, seed: number): Int32Array {
  if (n <= size) return Int32Array.from({ length: n }, (_, i) => i);
  const all = Int32Array.from({ length: n }, (_, i) => i);
  const random = seededRandom(seed >>> 0);
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(random() * (n - i));
    const t = all[i];
    all[i] = all[j];
    all[j] = t;
  }
  return all.slice(0, size).sort();
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
