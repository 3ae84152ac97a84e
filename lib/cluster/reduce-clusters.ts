/**
 * Reducing clusters to N topics: the smallest cluster is merged into the cluster whose
 * centroid is nearest, again and again (as BERTopic's topic reduction), so that small,
 * specific clusters fold into the broad ones they resemble.
 */
import { rowDistance2 } from "@/lib/core/vector-math";

/**
 * Which cluster each cluster ends up in after merging down to `target` clusters.
 * @param centroids `[k, dim]` cluster means
 * @param sizes `[k]` members of each cluster
 * @returns `[k]` surviving cluster (an index in 0 … k − 1) of each cluster; survivors map to themselves
 */
export function reduceClusters(
  centroids: ArrayLike<number>,
  dim: number,
  sizes: ArrayLike<number>,
  target: number,
): Int32Array {
  const k = sizes.length;
  const means = Float64Array.from(centroids);
  const weight = Float64Array.from(sizes);
  const into = Int32Array.from({ length: k }, (_, i) => i);
  const alive = new Set(Array.from({ length: k }, (_, i) => i));
  while (alive.size > Math.max(1, target)) {
    let small = -1;
    for (const c of alive) if (small < 0 || weight[c] < weight[small]) small = c;
    let nearest = -1;
    let best = Infinity;
    for (const c of alive) {
      if (c === small) continue;
      const d = rowDistance2(means, small, means, c, dim);
      if (d < best) [best, nearest] = [d, c];
    }
    const total = weight[small] + weight[nearest];
    for (let d = 0; d < dim; d++)
      means[nearest * dim + d] =
        (means[nearest * dim + d] * weight[nearest] + means[small * dim + d] * weight[small]) / Math.max(1, total);
    weight[nearest] = total;
    alive.delete(small);
    for (let c = 0; c < k; c++) if (into[c] === small) into[c] = nearest;
  }
  return into;
}

/**
 * Renumbers labels after merges: `into` maps old clusters to survivors, survivors are numbered
 * 0 … k′ − 1 in order; −1 stays −1.
 * @returns the new labels, k′ and the old index of each new cluster
 */
export function applyMerges(
  labels: ArrayLike<number>,
  into: Int32Array,
): { labels: Int32Array; k: number; survivors: number[] } {
  const survivors = [...new Set(into)].sort((a, b) => a - b);
  const index = new Map(survivors.map((s, i) => [s, i]));
  const out = Int32Array.from(labels, (c) => (c < 0 ? -1 : index.get(into[c])!));
  return { labels: out, k: survivors.length, survivors };
}
