import type { ScoredId } from "@/lib/index/scored-id";
import { topK } from "@/lib/core/top-k";
import { dotRow, l2Normalize } from "@/lib/core/vector-math";

/**
 * Exact (brute-force) cosine search: the ground truth for recall tests and the baseline of
 * the search benchmark. O(n · dim) per query.
 *
 * @param vectors - `[n, dim]` row-major, rows already L2-normalised (see `normalizeRows`)
 * @param ids - `[n]` the id of each row
 * @param query - `[dim]`, normalised here
 * @param k - how many results; fewer when there are fewer rows
 * @returns best first, score = cosine similarity
 */
export function exactSearch(vectors: Float32Array, ids: ArrayLike<number>, query: Float32Array, k: number): ScoredId[] {
  const dim = query.length;
  if (vectors.length !== ids.length * dim) {
    throw new Error(
      `vectors has ${vectors.length} values but ${ids.length} ids × dim ${dim} = ${ids.length * dim}; pass [n, dim] rows matching the ids`,
    );
  }
  const q = l2Normalize(query, "query");
  const scores = new Float64Array(ids.length);
  for (let i = 0; i < ids.length; i++) scores[i] = dotRow(vectors, i, q);
  return topK(scores, k).map((i) => ({ id: ids[i], score: scores[i] }));
}
