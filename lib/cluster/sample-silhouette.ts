/**
 * Silhouette on a sample with its distance matrix computed once, so that choosing k (many
 * clusterings of the same sample) pays the quadratic distance cost a single time.
 */
import { rowDistance2 } from "@/lib/cluster/row-math";

/** Pairwise Euclidean distances of `rows` vectors (`[rows, dim]`), as a `[rows, rows]` matrix. */
export function distanceMatrix(vectors: ArrayLike<number>, dim: number): Float32Array {
  const rows = vectors.length / dim;
  const out = new Float32Array(rows * rows);
  for (let i = 0; i < rows; i++) {
    for (let j = i + 1; j < rows; j++) {
      const d = Math.sqrt(rowDistance2(vectors, i, vectors, j, dim));
      out[i * rows + j] = d;
      out[j * rows + i] = d;
    }
  }
  return out;
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
