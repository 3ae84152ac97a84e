/**
 * Silhouette from a distance matrix computed once, so that choosing k (many clusterings of the
 * same sample) pays the quadratic distance cost a single time. Used by clustering (choosing k)
 * and by the trainer's clustering evaluator.
 */
import { normalizeRows, rowDistance2 } from "@/lib/core/vector-math";

/** Distance between two vectors: 1 − cos, or Euclidean. */
export type DistanceMetric = "cosine" | "euclidean";

/** Pairwise distances of `rows` vectors (`[rows, dim]`), as a `[rows, rows]` matrix. Default Euclidean. */
export function distanceMatrix(
  vectors: ArrayLike<number>,
  dim: number,
  metric: DistanceMetric = "euclidean",
): Float32Array {
  const rows = vectors.length / dim;
  const unit = metric === "cosine" ? normalizeRows(vectors, dim) : vectors;
  const out = new Float32Array(rows * rows);
  for (let i = 0; i < rows; i++) {
    for (let j = i + 1; j < rows; j++) {
      const d = metric === "cosine" ? 1 - rowDot(unit, i, j, dim) : Math.sqrt(rowDistance2(unit, i, unit, j, dim));
      out[i * rows + j] = d;
      out[j * rows + i] = d;
    }
  }
  return out;
}

function rowDot(x: ArrayLike<number>, a: number, b: number, dim: number): number {
  let sum = 0;
  for (let d = 0; d < dim; d++) sum += x[a * dim + d] * x[b * dim + d];
  return sum;
}

/**
 * Mean silhouette coefficient (Rousseeuw 1987) from a `[n, n]` distance matrix. Rows labelled
 * −1 (outliers) are left out, as are clusters of one (they score 0, as in scikit-learn).
 * @returns NaN when fewer than two clusters remain
 */
export function silhouetteFromDistances(distances: Float32Array, labels: ArrayLike<number>): number {
  const n = labels.length;
  let k = 0;
  for (let i = 0; i < n; i++) k = Math.max(k, labels[i] + 1);
  const sizes = new Int32Array(k);
  for (let i = 0; i < n; i++) if (labels[i] >= 0) sizes[labels[i]]++;
  if (sizes.filter((s) => s > 0).length < 2) return NaN;
  const sums = new Float64Array(k);
  let total = 0;
  let counted = 0;
  for (let i = 0; i < n; i++) {
    const own = labels[i];
    if (own < 0) continue;
    sums.fill(0);
    for (let j = 0; j < n; j++) if (labels[j] >= 0) sums[labels[j]] += distances[i * n + j];
    counted++;
    if (sizes[own] < 2) continue;
    const a = sums[own] / (sizes[own] - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && sizes[c] > 0) b = Math.min(b, sums[c] / sizes[c]);
    const denominator = Math.max(a, b);
    total += denominator > 0 ? (b - a) / denominator : 0;
  }
  return counted ? total / counted : NaN;
}
