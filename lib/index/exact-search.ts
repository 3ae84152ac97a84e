import type { ScoredId } from "@/lib/index/scored-id";
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
  const top = new TopK(Math.min(k, ids.length));
  for (let i = 0; i < ids.length; i++) top.offer(ids[i], dotRow(vectors, i, q));
  return top.sorted();
}

/** Keeps the k best (id, score) pairs seen; insertion into a small sorted array beats a heap for k ≈ 10. */
class TopK {
  private readonly ids: number[] = [];
  private readonly scores: number[] = [];

  constructor(private readonly k: number) {}

  offer(id: number, score: number): void {
    const n = this.scores.length;
    if (this.k <= 0 || (n === this.k && score <= this.scores[n - 1])) return;
    let pos = n === this.k ? n - 1 : n;
    while (pos > 0 && this.scores[pos - 1] < score) {
      this.scores[pos] = this.scores[pos - 1];
      this.ids[pos] = this.ids[pos - 1];
      pos--;
    }
    this.scores[pos] = score;
    this.ids[pos] = id;
  }

  sorted(): ScoredId[] {
    return this.ids.map((id, i) => ({ id, score: this.scores[i] }));
  }
}
