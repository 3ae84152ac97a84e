/**
 * Picks the number of k-means clusters automatically: k-means on a sample for every k in a
 * range, scored by the silhouette of that sample, best score wins.
 */
import { kmeans } from "@/lib/cluster/kmeans";
import { gatherRows } from "@/lib/cluster/row-math";
import { sampleIndices } from "@/lib/core/random";
import { distanceMatrix, silhouetteFromDistances } from "@/lib/core/silhouette";

/** Options of {@link chooseK}. */
export interface ChooseKOptions {
  /** Smallest k tried. Default 2. */
  kMin?: number;
  /** Largest k tried (capped at a third of the sample). Default 30. */
  kMax?: number;
  /** Rows scored; the silhouette costs `sampleSize²` distances. Default 1500. */
  sampleSize?: number;
  seed?: number;
  /** Called after each k, for job progress. */
  onProgress?: (done: number, total: number) => void;
}

/** The chosen k and the silhouette of every k tried. */
export interface ChosenK {
  k: number;
  scores: { k: number; silhouette: number }[];
}

/** The ks tried: every k up to 12, then steps that grow with k so a wide range stays cheap. */
export function candidateKs(kMin: number, kMax: number): number[] {
  const out: number[] = [];
  for (let k = kMin; k <= kMax; k += k < 12 ? 1 : Math.max(2, Math.round(k / 6))) out.push(k);
  if (out[out.length - 1] !== kMax) out.push(kMax);
  return out;
}

/**
 * The k in [kMin, kMax] whose k-means clustering of a seeded sample has the highest silhouette.
 * @param vectors `[rows, dim]` row-major (pass unit vectors for cosine geometry)
 */
export function chooseK(vectors: Float32Array, dim: number, options: ChooseKOptions = {}): ChosenK {
  const { kMin = 2, kMax = 30, sampleSize = 1500, seed = 0, onProgress } = options;
  const rows = vectors.length / dim;
  if (rows < 3) return { k: Math.max(1, Math.min(rows, kMin)), scores: [] };
  const sample = gatherRows(vectors, dim, sampleIndices(rows, sampleSize, seed));
  const n = sample.length / dim;
  const hi = Math.max(2, Math.min(kMax, Math.floor(n / 3)));
  const lo = Math.max(2, Math.min(kMin, hi));
  const distances = distanceMatrix(sample, dim);
  const ks = candidateKs(lo, hi);
  const scores: { k: number; silhouette: number }[] = [];
  ks.forEach((k, i) => {
    const { assignments } = kmeans(sample, dim, { k, seed, restarts: 2, maxIterations: 50 });
    scores.push({ k, silhouette: silhouetteFromDistances(distances, assignments) });
    onProgress?.(i + 1, ks.length);
  });
  const best = scores.reduce((a, b) => (b.silhouette > a.silhouette ? b : a), scores[0]);
  return { k: best.k, scores };
}
