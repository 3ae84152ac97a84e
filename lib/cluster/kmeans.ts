/**
 * k-means clustering (Lloyd's algorithm with k-means++ seeding), pure and seeded, on plain
 * row-major vectors. Used by `eval cluster`, the clustering evaluator of training and the
 * cluster explorer.
 */
import { seededRandom } from "@/lib/core/random";
import { nearestCentroids } from "@/lib/cluster/row-math";
import { rowDistance2 } from "@/lib/core/vector-math";

/** Options of {@link kmeans}. */
export interface KMeansOptions {
  /** Number of clusters, 1 ≤ k ≤ rows. */
  k: number;
  /** Seed of the k-means++ draws; the same seed gives the same clusters. Default 0. */
  seed?: number;
  /** Lloyd iterations at most. Default 100. */
  maxIterations?: number;
  /** Independent k-means++ starts; the one with the lowest inertia wins. Default 3. */
  restarts?: number;
  /** Stop when no centroid moves more than this (squared Euclidean). Default 1e-8. */
  tolerance?: number;
}

/** What {@link kmeans} found. */
export interface KMeansResult {
  /** `[rows]` cluster of each row, in 0 … k − 1. */
  assignments: Int32Array;
  /** `[k, dim]` row-major cluster means. */
  centroids: Float64Array;
  /** Sum of squared distances of the rows to their centroids. */
  inertia: number;
  iterations: number;
}

/**
 * Clusters `rows` vectors of `dim` values (row-major) into k clusters by squared Euclidean
 * distance. For cosine geometry pass L2-normalised vectors (spherical k-means up to the
 * centroid normalisation, which changes no assignment in practice for sentence embeddings).
 * A cluster left empty takes the row farthest from its centroid, so every cluster of the
 * result is non-empty.
 * @param vectors `[rows, dim]`
 * @throws when k is not an integer in [1, rows] or the sizes disagree
 */
export function kmeans(vectors: ArrayLike<number>, dim: number, options: KMeansOptions): KMeansResult {
  const { k, seed = 0, maxIterations = 100, restarts = 3, tolerance = 1e-8 } = options;
  if (!(Number.isInteger(dim) && dim > 0) || vectors.length % dim !== 0) {
    throw new Error(`k-means: ${vectors.length} values do not make rows of ${dim}: pass [rows, dim] row-major vectors`);
  }
  const rows = vectors.length / dim;
  if (!(Number.isInteger(k) && k >= 1 && k <= rows)) {
    throw new Error(`k-means: k must be an integer between 1 and the number of rows (${rows}), got ${k}`);
  }
  const data = Float64Array.from(vectors);
  let best: KMeansResult | undefined;
  for (let r = 0; r < Math.max(1, restarts); r++) {
    const random = seededRandom((seed * 7919 + r * 104729) >>> 0);
    const result = lloyd(data, rows, dim, plusPlusSeeds(data, rows, dim, k, random), maxIterations, tolerance);
    if (!best || result.inertia < best.inertia) best = result;
  }
  return best!;
}

/**
 * k-means++ (Arthur & Vassilvitskii 2007): the first centre uniformly, each next one with
 * probability proportional to the squared distance to the nearest centre chosen so far.
 * @returns `[k, dim]` initial centroids
 */
function plusPlusSeeds(data: Float64Array, rows: number, dim: number, k: number, random: () => number): Float64Array {
  const centroids = new Float64Array(k * dim);
  const nearest = new Float64Array(rows).fill(Infinity);
  let chosen = Math.floor(random() * rows);
  for (let c = 0; c < k; c++) {
    centroids.set(data.subarray(chosen * dim, (chosen + 1) * dim), c * dim);
    let total = 0;
    for (let i = 0; i < rows; i++) {
      nearest[i] = Math.min(nearest[i], rowDistance2(data, i, centroids, c, dim));
      total += nearest[i];
    }
    if (c === k - 1) break;
    // All rows on a centre already (duplicates): any row will do.
    if (total === 0) {
      chosen = Math.floor(random() * rows);
      continue;
    }
    let target = random() * total;
    chosen = rows - 1;
    for (let i = 0; i < rows; i++) {
      target -= nearest[i];
      if (target < 0) {
        chosen = i;
        break;
      }
    }
  }
  return centroids;
}

/** Assigns every row to its nearest centroid (into `out`, distances² into `dist`); returns the inertia. */
function assign(data: Float64Array, dim: number, centroids: Float64Array, out: Int32Array, dist: Float64Array): number {
  const { labels, distances } = nearestCentroids(data, dim, centroids);
  out.set(labels);
  dist.set(distances);
  return distances.reduce((sum, d) => sum + d, 0);
}

/**
 * Gives every empty cluster the row farthest from its centroid among clusters with more than
 * one row (ties at equal distance, e.g. duplicate rows, can otherwise leave a cluster empty).
 * @returns the added inertia change (≤ 0)
 */
function fillEmpty(
  rows: number,
  k: number,
  assignments: Int32Array,
  dist: Float64Array,
  data: Float64Array,
  centroids: Float64Array,
  dim: number,
): number {
  const counts = new Int32Array(k);
  for (let i = 0; i < rows; i++) counts[assignments[i]]++;
  let change = 0;
  for (let c = 0; c < k; c++) {
    if (counts[c] > 0) continue;
    let far = -1;
    for (let i = 0; i < rows; i++) if (counts[assignments[i]] > 1 && (far < 0 || dist[i] > dist[far])) far = i;
    if (far < 0) break; // fewer rows than clusters cannot happen (k ≤ rows), but stay safe
    counts[assignments[far]]--;
    counts[c] = 1;
    assignments[far] = c;
    change -= dist[far];
    dist[far] = 0;
    centroids.set(data.subarray(far * dim, (far + 1) * dim), c * dim);
  }
  return change;
}

/** New centroids as cluster means (every cluster is non-empty); returns the largest squared move. */
function update(
  data: Float64Array,
  rows: number,
  dim: number,
  centroids: Float64Array,
  k: number,
  assignments: Int32Array,
): number {
  const sums = new Float64Array(k * dim);
  const counts = new Int32Array(k);
  for (let i = 0; i < rows; i++) {
    const c = assignments[i];
    counts[c]++;
    for (let d = 0; d < dim; d++) sums[c * dim + d] += data[i * dim + d];
  }
  let moved = 0;
  for (let c = 0; c < k; c++) {
    let move = 0;
    for (let d = 0; d < dim; d++) {
      const next = sums[c * dim + d] / Math.max(1, counts[c]);
      move += (next - centroids[c * dim + d]) ** 2;
      centroids[c * dim + d] = next;
    }
    moved = Math.max(moved, move);
  }
  return moved;
}

function lloyd(
  data: Float64Array,
  rows: number,
  dim: number,
  centroids: Float64Array,
  maxIterations: number,
  tolerance: number,
): KMeansResult {
  const k = centroids.length / dim;
  const assignments = new Int32Array(rows);
  const dist = new Float64Array(rows);
  let inertia = assign(data, dim, centroids, assignments, dist);
  inertia += fillEmpty(rows, k, assignments, dist, data, centroids, dim);
  let iterations = 0;
  while (iterations < maxIterations) {
    iterations++;
    const moved = update(data, rows, dim, centroids, k, assignments);
    inertia = assign(data, dim, centroids, assignments, dist);
    inertia += fillEmpty(rows, k, assignments, dist, data, centroids, dim);
    if (moved <= tolerance) break;
  }
  return { assignments, centroids, inertia, iterations };
}
