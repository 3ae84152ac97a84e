/**
 * k-means for a whole corpus: k given or chosen by silhouette, fitted on a sample when the
 * corpus is large (Lloyd over 100,000 × 384 values for many restarts would take minutes),
 * then every row assigned to its nearest centroid and a few full Lloyd passes to settle.
 */
import { chooseK, type ChosenK } from "./choose-k";
import { kmeans } from "./kmeans";
import { clusterCentroids, gatherRows, nearestCentroids, sampleIndices } from "./row-math";

/** Options of {@link kmeansClustering}. */
export interface KMeansClusteringOptions {
  /** Number of clusters; omitted = chosen in [kMin, kMax] by silhouette. */
  k?: number;
  kMin?: number;
  kMax?: number;
  seed?: number;
  /** Rows the k-means++ restarts run on before all rows are assigned. Default 20,000. */
  fitSampleSize?: number;
  /** Full-data Lloyd passes after the sample fit. Default 5. */
  refinePasses?: number;
  onProgress?: (fraction: number, message: string) => void;
}

/** What {@link kmeansClustering} found. */
export interface KMeansClustering {
  /** `[rows]` cluster of each row, 0 … k − 1. */
  labels: Int32Array;
  /** `[k, dim]` cluster means. */
  centroids: Float64Array;
  k: number;
  /** The silhouettes of the ks tried, when k was chosen automatically. */
  chosen?: ChosenK;
}

/**
 * Clusters `[rows, dim]` vectors with k-means (k-means++ seeding).
 * @param vectors `[rows, dim]` unit vectors (cosine geometry)
 */
export function kmeansClustering(vectors: Float32Array, dim: number, options: KMeansClusteringOptions = {}): KMeansClustering {
  const { seed = 0, fitSampleSize = 20_000, refinePasses = 5, onProgress } = options;
  const rows = vectors.length / dim;
  if (rows === 0) return { labels: new Int32Array(0), centroids: new Float64Array(0), k: 0 };
  let chosen: ChosenK | undefined;
  let k = options.k;
  if (k === undefined) {
    chosen = chooseK(vectors, dim, { kMin: options.kMin, kMax: options.kMax, seed, onProgress: (d, t) => onProgress?.((0.5 * d) / t, `choosing k: ${d} of ${t} tried`) });
    k = chosen.k;
  }
  k = Math.max(1, Math.min(Math.floor(k), rows));
  onProgress?.(0.5, `k-means with k = ${k}`);
  const sample = rows > fitSampleSize ? gatherRows(vectors, dim, sampleIndices(rows, fitSampleSize, seed + 1)) : vectors;
  const fitted = kmeans(sample, dim, { k, seed, restarts: rows > fitSampleSize ? 2 : 3 });
  if (sample === vectors) return { labels: fitted.assignments, centroids: fitted.centroids, k, chosen };
  let centroids = fitted.centroids;
  let labels = nearestCentroids(vectors, dim, centroids).labels;
  for (let pass = 0; pass < refinePasses; pass++) {
    onProgress?.(0.6 + (0.4 * pass) / refinePasses, `refining on all ${rows} passages`);
    const next = clusterCentroids(vectors, dim, labels, k);
    // Keep an emptied cluster's old centroid rather than a zero vector.
    const sizes = new Int32Array(k);
    for (const c of labels) sizes[c]++;
    for (let c = 0; c < k; c++) if (!sizes[c]) next.set(centroids.subarray(c * dim, (c + 1) * dim), c * dim);
    centroids = next;
    const updated = nearestCentroids(vectors, dim, centroids).labels;
    const changed = updated.reduce((n, c, i) => n + (c !== labels[i] ? 1 : 0), 0);
    labels = updated;
    if (changed === 0) break;
  }
  return { labels, centroids, k, chosen };
}
