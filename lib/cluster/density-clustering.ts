/**
 * HDBSCAN-style density clustering of a whole corpus: exact HDBSCAN on a UMAP embedding of a
 * seeded sample (its cost is quadratic), then every other row joins the nearest cluster centroid when it lies
 * within that cluster's radius, and is an outlier otherwise. Outliers can be assigned to their
 * nearest cluster instead.
 */
import { hdbscan } from "@/lib/cluster/hdbscan";
import { umapEmbedding } from "@/lib/cluster/projection";
import { clusterCentroids, gatherRows, nearestCentroids } from "@/lib/cluster/row-math";
import { sampleIndices } from "@/lib/core/random";

/** Dimensions of the UMAP embedding that HDBSCAN runs on. */
const DENSITY_DIMS = 5;

/** Options of {@link densityClustering}. */
export interface DensityClusteringOptions {
  /** Smallest cluster, in passages of the whole corpus. Default max(5, √rows / 2). */
  minClusterSize?: number;
  /** Core neighbours (density smoothing), in sample rows. Default the sample's minimum cluster size, at most 15. */
  minSamples?: number;
  /** Give every outlier the nearest cluster. Default false. */
  assignOutliers?: boolean;
  /** Rows HDBSCAN runs on exactly. Default 3,000. */
  sampleSize?: number;
  seed?: number;
  /** Fraction in [0, 1] and a message, every few UMAP epochs; may throw to stop (a cancelled job). */
  onProgress?: (fraction: number, message: string) => void;
}

/** What {@link densityClustering} found. */
export interface DensityClustering {
  /** `[rows]` cluster of each row, 0 … k − 1, or −1 for an outlier. */
  labels: Int32Array;
  /** `[k, dim]` member means. */
  centroids: Float64Array;
  k: number;
  /** The minimum cluster size used (whole-corpus passages). */
  minClusterSize: number;
}

/** The default smallest cluster for a corpus of `rows` passages. */
export function defaultMinClusterSize(rows: number): number {
  return Math.max(5, Math.round(Math.sqrt(rows) / 2));
}

/**
 * Density clusters of `[rows, dim]` vectors (pass unit vectors for cosine geometry).
 * When nothing is dense enough every row is an outlier (k = 0), unless outliers are assigned,
 * in which case the corpus is one cluster.
 */
export function densityClustering(
  vectors: Float32Array,
  dim: number,
  options: DensityClusteringOptions = {},
): DensityClustering {
  const rows = vectors.length / dim;
  const { seed = 0, sampleSize = 3000, assignOutliers = false } = options;
  const minClusterSize = Math.max(2, Math.round(options.minClusterSize ?? defaultMinClusterSize(rows)));
  const picked = sampleIndices(rows, sampleSize, seed);
  const fraction = picked.length / Math.max(1, rows);
  const sampleMin = Math.max(2, Math.round(minClusterSize * fraction));
  const sample = gatherRows(vectors, dim, picked);
  // Densities in hundreds of dimensions hardly differ (distances concentrate), so HDBSCAN on raw
  // sentence vectors finds a few blobs and many outliers; as in BERTopic, it runs on a UMAP
  // embedding of the sample in a few dimensions (minDist 0 keeps dense regions dense). On the
  // sample corpus: 3 clusters and 129 outliers raw, 8 clusters (NMI 0.96) on 5 dimensions.
  const reduced =
    dim > DENSITY_DIMS && picked.length > 2 * DENSITY_DIMS
      ? umapEmbedding(sample, dim, { components: DENSITY_DIMS, minDist: 0, seed }, (e, epochs) =>
          options.onProgress?.(
            (0.8 * e) / epochs,
            `reducing a sample to ${DENSITY_DIMS} dimensions: epoch ${e} of ${epochs}`,
          ),
        )
      : sample;
  const found = hdbscan(reduced, reduced === sample ? dim : DENSITY_DIMS, {
    minClusterSize: sampleMin,
    minSamples: options.minSamples ?? Math.min(sampleMin, 15),
  });
  let k = found.clusterCount;
  if (k === 0) {
    const labels = new Int32Array(rows).fill(assignOutliers && rows ? 0 : -1);
    return {
      labels,
      centroids: assignOutliers && rows ? clusterCentroids(vectors, dim, labels, 1) : new Float64Array(0),
      k: assignOutliers && rows ? 1 : 0,
      minClusterSize,
    };
  }
  let labels: Int32Array;
  if (picked.length === rows) labels = found.labels;
  else labels = extendToAll(vectors, dim, sample, found.labels, k, picked);
  if (assignOutliers) {
    const nearest = nearestCentroids(vectors, dim, clusterCentroids(vectors, dim, labels, k)).labels;
    labels = labels.map((c, i) => (c < 0 ? nearest[i] : c));
  }
  // A cluster can lose all its members only in pathological samples; renumber to stay dense.
  const sizes = new Int32Array(k);
  for (const c of labels) if (c >= 0) sizes[c]++;
  const remap = new Int32Array(k).fill(-1);
  let next = 0;
  for (let c = 0; c < k; c++) if (sizes[c]) remap[c] = next++;
  labels = labels.map((c) => (c < 0 ? -1 : remap[c]));
  k = next;
  return { labels, centroids: clusterCentroids(vectors, dim, labels, k), k, minClusterSize };
}

/**
 * Labels the rows outside the sample: nearest sample centroid when within the radius of that
 * cluster (the largest distance of a sample member to its centroid), else outlier.
 */
function extendToAll(
  vectors: Float32Array,
  dim: number,
  sample: Float32Array,
  sampleLabels: Int32Array,
  k: number,
  picked: Int32Array,
): Int32Array {
  const centroids = clusterCentroids(sample, dim, sampleLabels, k);
  const own = nearestCentroids(sample, dim, centroids);
  const radius2 = new Float64Array(k);
  sampleLabels.forEach((c, i) => {
    if (c >= 0) radius2[c] = Math.max(radius2[c], own.distances[i]);
  });
  const { labels, distances } = nearestCentroids(vectors, dim, centroids);
  for (let i = 0; i < labels.length; i++) if (distances[i] > radius2[labels[i]]) labels[i] = -1;
  picked.forEach((row, i) => (labels[row] = sampleLabels[i]));
  return labels;
}
