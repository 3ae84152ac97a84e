/**
 * k-means for a whole corpus: k given or chosen by silhouette, fitted on a UMAP embedding of a
 * sample (or, for vectors of a few dimensions, on a sample of them: Lloyd over 100,000 × 384
 * values for many restarts would take minutes), then every row assigned to its nearest centroid
 * and a few full Lloyd passes to settle.
 */
import { chooseK, type ChosenK } from "@/lib/cluster/choose-k";
import { kmeans } from "@/lib/cluster/kmeans";
import { umapEmbedding } from "@/lib/cluster/projection";
import { clusterCentroids, gatherRows, nearestCentroids } from "@/lib/cluster/row-math";
import { sampleIndices } from "@/lib/core/random";

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
export function kmeansClustering(
  vectors: Float32Array,
  dim: number,
  options: KMeansClusteringOptions = {},
): KMeansClustering {
  const { seed = 0, fitSampleSize = 20_000, refinePasses = 5, onProgress } = options;
  const rows = vectors.length / dim;
  if (rows === 0) return { labels: new Int32Array(0), centroids: new Float64Array(0), k: 0 };
  // Sentence vectors keep topics apart only faintly in hundreds of dimensions (silhouettes of a
  // few hundredths, which make the choice of k noisy); as in BERTopic, k-means runs on a UMAP
  // embedding of a sample in a few dimensions, where the same topics stand apart clearly.
  const reduced =
    dim > REDUCED_DIMS && rows > 3 * REDUCED_DIMS
      ? reducedSample(vectors, dim, seed, (e, epochs) =>
          onProgress?.((0.2 * e) / epochs, `reducing a sample to ${REDUCED_DIMS} dimensions: epoch ${e} of ${epochs}`),
        )
      : undefined;
  const space = reduced ? { rows: reduced.vectors, dim: REDUCED_DIMS } : { rows: vectors, dim };
  let chosen: ChosenK | undefined;
  let k = options.k;
  if (k === undefined) {
    chosen = chooseK(space.rows, space.dim, {
      kMin: options.kMin,
      kMax: options.kMax,
      seed,
      onProgress: (d, t) =>
        onProgress?.((reduced ? 0.2 : 0) + ((reduced ? 0.3 : 0.5) * d) / t, `choosing k: ${d} of ${t} tried`),
    });
    k = chosen.k;
  }
  k = Math.max(1, Math.min(Math.floor(k), rows));
  onProgress?.(0.5, `k-means with k = ${k}`);
  if (reduced) {
    const fitted = kmeans(reduced.vectors, REDUCED_DIMS, { k, seed, restarts: 3 });
    if (reduced.picked.length === rows)
      return {
        labels: fitted.assignments,
        centroids: clusterCentroids(vectors, dim, fitted.assignments, k),
        k,
        chosen,
      };
    // The sample's clusters, as means of their original vectors, seed the whole corpus.
    const sample = gatherRows(vectors, dim, reduced.picked);
    return {
      ...refine(vectors, dim, clusterCentroids(sample, dim, fitted.assignments, k), k, refinePasses, onProgress),
      chosen,
    };
  }
  const sample =
    rows > fitSampleSize ? gatherRows(vectors, dim, sampleIndices(rows, fitSampleSize, seed + 1)) : vectors;
  const fitted = kmeans(sample, dim, { k, seed, restarts: rows > fitSampleSize ? 2 : 3 });
  if (sample === vectors) return { labels: fitted.assignments, centroids: fitted.centroids, k, chosen };
  return { ...refine(vectors, dim, fitted.centroids, k, refinePasses, onProgress), chosen };
}

/** Dimensions of the UMAP embedding k-means runs on, and the rows of the sample it is fitted on. */
const REDUCED_DIMS = 5;
const REDUCED_SAMPLE = 5_000;

/** The UMAP embedding of a seeded sample; `onEpoch` every few epochs (a stopped job throws there). */
function reducedSample(
  vectors: Float32Array,
  dim: number,
  seed: number,
  onEpoch?: (epoch: number, epochs: number) => void,
): { vectors: Float32Array; picked: Int32Array } {
  const picked = sampleIndices(vectors.length / dim, REDUCED_SAMPLE, seed + 1);
  return {
    vectors: umapEmbedding(
      gatherRows(vectors, dim, picked),
      dim,
      { components: REDUCED_DIMS, minDist: 0, seed },
      onEpoch,
    ),
    picked,
  };
}

/** Every row to its nearest centroid, then a few full Lloyd passes to settle. */
function refine(
  vectors: Float32Array,
  dim: number,
  start: Float64Array,
  k: number,
  passes: number,
  onProgress?: (fraction: number, message: string) => void,
): { labels: Int32Array; centroids: Float64Array; k: number } {
  const rows = vectors.length / dim;
  let centroids = start;
  let labels = nearestCentroids(vectors, dim, centroids).labels;
  for (let pass = 0; pass < passes; pass++) {
    onProgress?.(0.6 + (0.4 * pass) / passes, `refining on all ${rows} passages`);
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
  return { labels, centroids, k };
}
