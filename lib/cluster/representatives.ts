/**
 * The most representative rows of each cluster: those nearest its centroid.
 */
import { rowDistance2 } from "@/lib/core/vector-math";

/**
 * Up to `count` rows of each cluster, nearest the cluster centroid first.
 * @param vectors `[rows, dim]`
 * @param labels `[rows]` 0 … k − 1 or −1 (outliers have no representatives)
 * @param centroids `[k, dim]`
 * @returns `[k]` row indices
 */
export function representativeRows(
  vectors: ArrayLike<number>,
  dim: number,
  labels: ArrayLike<number>,
  centroids: ArrayLike<number>,
  count = 5,
): number[][] {
  const k = centroids.length / dim;
  const nearest: { row: number; d: number }[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i];
    if (c < 0 || c >= k) continue;
    const list = nearest[c];
    const d = rowDistance2(vectors, i, centroids, c, dim);
    if (list.length === count && d >= list[count - 1].d) continue;
    // Insertion into a short sorted list: count is small, a heap would not pay.
    let at = list.length;
    while (at > 0 && list[at - 1].d > d) at--;
    list.splice(at, 0, { row: i, d });
    if (list.length > count) list.pop();
  }
  return nearest.map((list) => list.map((e) => e.row));
}
