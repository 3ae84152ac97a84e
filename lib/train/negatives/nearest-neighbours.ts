/** Nearest rows of a pool of unit vectors, best first. */
export interface NeighbourIndex {
  readonly size: number;
  /** @param query `[dim]`, unit length; @returns up to k pool rows with cosine scores, best first */
  search(query: Float32Array, k: number): { row: number; score: number }[];
  dispose?(): void;
}

/**
 * Exact cosine search over `[rows, dim]` unit vectors: O(rows · dim) per query, which is a
 * few milliseconds per anchor up to ~100k passages of 384 dimensions.
 */
export function exactIndex(vectors: Float32Array, dim: number): NeighbourIndex {
  const rows = vectors.length / dim;
  return {
    size: rows,
    search(query, k) {
      const top: { row: number; score: number }[] = [];
      for (let r = 0; r < rows; r++) {
        let s = 0;
        const base = r * dim;
        for (let d = 0; d < dim; d++) s += vectors[base + d] * query[d];
        if (top.length < k) {
          top.push({ row: r, score: s });
          if (top.length === k) top.sort((a, b) => b.score - a.score);
        } else if (s > top[k - 1].score) {
          let at = k - 1;
          while (at > 0 && top[at - 1].score < s) {
            top[at] = top[at - 1];
            at--;
          }
          top[at] = { row: r, score: s };
        }
      }
      return top.length < k ? top.sort((a, b) => b.score - a.score) : top;
    },
  };
}

/**
 * An HNSW index (lib/index/vector-index) over the pool: approximate but sub-linear, for pools
 * past ~100k rows where exact search per anchor gets slow. Imported on first use, so that
 * training without such a pool never loads the native hnswlib addon.
 */
export async function hnswIndex(vectors: Float32Array, dim: number): Promise<NeighbourIndex> {
  const { VectorIndex } = await import("@/lib/index/vector-index");
  const rows = vectors.length / dim;
  const index = VectorIndex.create({ dim, maxElements: rows });
  index.add(
    Int32Array.from({ length: rows }, (_, i) => i),
    vectors,
  );
  return {
    size: rows,
    search: (query, k) => index.search(query, k).map((hit) => ({ row: hit.id, score: hit.score })),
  };
}

/** Exact search up to `exactLimit` rows (default 100k), HNSW beyond. */
export async function neighbourIndex(
  vectors: Float32Array,
  dim: number,
  exactLimit = 100_000,
): Promise<NeighbourIndex> {
  return vectors.length / dim <= exactLimit ? exactIndex(vectors, dim) : hnswIndex(vectors, dim);
}
