/**
 * One entry point for clustering a corpus's vectors by the chosen method, with the optional
 * reduction to N topics; the job handler and the CLI both call it.
 */
import type { ClusterSettings } from "@/lib/cluster/cluster-options";
import { densityClustering } from "@/lib/cluster/density-clustering";
import { kmeansClustering } from "@/lib/cluster/kmeans-clustering";
import { applyMerges, reduceClusters } from "@/lib/cluster/reduce-clusters";
import { clusterCentroids, gatherRows } from "@/lib/cluster/row-math";
import { normalizeRows } from "@/lib/core/vector-math";
import { sampleIndices } from "@/lib/core/random";
import { distanceMatrix, silhouetteFromDistances } from "@/lib/core/silhouette";

/** What {@link clusterVectors} found. */
export interface VectorClusters {
  /** `[rows]` 0 … k − 1, or −1 for an outlier (density clustering only). */
  labels: Int32Array;
  k: number;
  /** `[k, dim]` member means. */
  centroids: Float64Array;
  /** What was decided on the way, for the run's record (chosen k, silhouettes tried, minimum size). */
  notes: Record<string, unknown>;
}

/**
 * Clusters `[rows, dim]` vectors (normalised here: cosine geometry).
 * @param onProgress fraction in [0, 1] and a message
 */
export function clusterVectors(
  raw: Float32Array,
  dim: number,
  settings: ClusterSettings,
  onProgress?: (fraction: number, message: string) => void,
): VectorClusters {
  const vectors = normalizeRows(raw, dim);
  let labels: Int32Array;
  let k: number;
  const notes: Record<string, unknown> = { method: settings.method };
  if (settings.method === "density") {
    onProgress?.(0, "density clustering (HDBSCAN)");
    const found = densityClustering(vectors, dim, {
      minClusterSize: settings.minClusterSize,
      assignOutliers: settings.assignOutliers,
      seed: settings.seed,
      onProgress,
    });
    [labels, k] = [found.labels, found.k];
    notes.minClusterSize = found.minClusterSize;
  } else {
    const found = kmeansClustering(vectors, dim, {
      k: settings.k,
      kMin: settings.kMin,
      kMax: Math.max(settings.kMin, settings.kMax),
      seed: settings.seed,
      onProgress,
    });
    [labels, k] = [found.labels, found.k];
    if (found.chosen) notes.silhouetteByK = found.chosen.scores;
  }
  let centroids = clusterCentroids(vectors, dim, labels, k);
  if (settings.topics !== undefined && settings.topics < k) {
    const sizes = new Int32Array(k);
    for (const c of labels) if (c >= 0) sizes[c]++;
    const merged = applyMerges(labels, reduceClusters(centroids, dim, sizes, settings.topics));
    notes.reducedFrom = k;
    [labels, k] = [merged.labels, merged.k];
    centroids = clusterCentroids(vectors, dim, labels, k);
  }
  return { labels, k, centroids, notes };
}

/**
 * Mean silhouette (cosine geometry) of a clustering on a seeded sample, outliers left out.
 * @returns NaN with fewer than two clusters
 */
export function sampledSilhouette(
  raw: Float32Array,
  dim: number,
  labels: Int32Array,
  sampleSize = 2000,
  seed = 0,
): number {
  const members = Int32Array.from(labels.keys()).filter((i) => labels[i] >= 0);
  const picked = sampleIndices(members.length, sampleSize, seed).map((i) => members[i]);
  const vectors = normalizeRows(gatherRows(raw, dim, picked), dim);
  return silhouetteFromDistances(
    distanceMatrix(vectors, dim),
    picked.map((i) => labels[i]),
  );
}
